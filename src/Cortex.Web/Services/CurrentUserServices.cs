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
        services.AddCascadingValue(provider =>
        {
            var user = provider.GetRequiredService<CurrentUser>();
            var cascade = new CascadingValueSource<CurrentUser>(user, isFixed: false);
            user.Changed += () => _ = cascade.NotifyChangedAsync();
            return cascade;
        });
        return services;
    }
}
