using Cortex.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Cortex.Web.Components.Layout;

/// <summary>
/// A part of the frame that shows who is signed in, their workspace or what their role allows: it renders
/// again when that changes (another person signs in, or an open page learns of a changed role or membership).
/// </summary>
public abstract class FollowsUser : ComponentBase, IDisposable
{
    [Inject] protected CurrentUser User { get; set; } = default!;

    protected override void OnInitialized() => User.Changed += OnChanged;

    void OnChanged() => InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        User.Changed -= OnChanged;
        GC.SuppressFinalize(this);
    }
}
