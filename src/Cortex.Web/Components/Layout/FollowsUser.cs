using Cortex.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Cortex.Web.Components.Layout;

/// <summary>
/// A component that renders from who is signed in, their workspace or what their role allows: the frame's
/// menus and every page control that a role shows or hides. It receives the circuit's <see cref="CurrentUser"/>
/// as a cascading value (<see cref="CurrentUserServices.AddCurrentUser"/>), so it renders again when that
/// changes (another person signs in, or an open page learns of a changed role or membership). A component
/// that only checks the role in a handler may inject <see cref="CurrentUser"/> instead.
/// </summary>
public abstract class FollowsUser : ComponentBase
{
    [CascadingParameter] protected CurrentUser User { get; set; } = default!;
}
