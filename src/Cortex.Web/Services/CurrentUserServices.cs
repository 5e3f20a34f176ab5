using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Web.Services;

public static class CurrentUserServices
{
    /// <summary>
    /// The circuit's <see cref="CurrentUser"/>, injectable for handlers and cascading to every component that
    /// renders from it (<see cref="Components.Layout.FollowsUser"/>): when the role, workspace or person
    /// changes, the cascade tells each of them to render again, so no page keeps offering what the role lost.
    /// </summary>
    public static IServiceCollection AddCurrentUser(this IServiceCollection services)
    {
        services.AddScoped<CurrentUser>();
        // The value is made when a component first asks for it: the cascade itself is made before the request's
        // authentication state is handed to the scope, which CurrentUser reads as it starts.
        services.AddCascadingValue(provider =>
        {
            CascadingValueSource<CurrentUser>? cascade = null;
            cascade = new CascadingValueSource<CurrentUser>(() =>
            {
                var user = provider.GetRequiredService<CurrentUser>();
                user.Changed += () => _ = cascade!.NotifyChangedAsync();
                return user;
            }, isFixed: false);
            return cascade;
        });
        return services;
    }
}
