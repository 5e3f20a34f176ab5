using Cortex.Web.Contracts;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Cortex.Web.Components.Pages.Experiments;

/// <summary>
/// One experiment: its URL is the share link, and the query (tab, image, token, step) deep-links into it.
/// Status and progress arrive live; results load when the run ends.
/// </summary>
public partial class ExperimentDetails
{
    [Parameter] public string Id { get; set; } = "";
    [SupplyParameterFromQuery(Name = "tab")] public string? Tab { get; set; }
    [SupplyParameterFromQuery(Name = "image")] public int? Image { get; set; }
    [SupplyParameterFromQuery(Name = "token")] public long? Token { get; set; }
    [SupplyParameterFromQuery(Name = "step")] public int? Step { get; set; }

    bool _loading = true;
    ExperimentDocument? _experiment;
    IReadOnlyList<ConceptDocument> _concepts = [];
    IReadOnlyList<string> _tabs = [];
    int _tabIndex;
    int _gridSize;
    IReadOnlyList<string> _evaluators = [];
    IReadOnlyList<StoredFrame> _frames = [];
    IReadOnlyList<AnnotationDocument> _annotations = [];
    AnnotationDraft _draft = new();
    ProgressMessage? _progress;
    IDisposable? _subscription;
    string? _subscribedTo;
    // Moves on every reload (an action here, or a status change from the worker), so the audit trail catches up.
    int _revision;
    bool _disposed;

    protected override async Task OnParametersSetAsync()
    {
        if (_subscribedTo != Id)
        {
            _loading = true;
            _subscription?.Dispose();
            _progress = null;
            await ReloadAsync();
            (_gridSize, _evaluators) = await ExperimentView.ModelOfAsync(Catalog, _experiment);
            _subscribedTo = Id;
            _subscription = Feed.Subscribe(Id, message => InvokeAsync(() => OnMessageAsync(message)));
            _loading = false;
        }
        _tabIndex = Math.Max(0, _tabs.ToList().IndexOf(Tab ?? ""));
        if (Token is { } token && _draft.Target == "experiment") _draft = _draft with { Target = "token", TokenId = token };
    }

    async Task ReloadAsync()
    {
        _experiment = await Experiments.GetAsync(Id);
        if (_experiment is null) return;
        _revision++;
        _concepts = (await Task.WhenAll(_experiment.ConceptIds.Select(c => Concepts.GetAsync(c)))).OfType<ConceptDocument>().ToList();
        _tabs = ExperimentLink.TabsFor(_experiment.Method);
        _frames = await ExperimentView.FramesAsync(Experiments, _experiment);
        await ReloadAnnotationsAsync();
        StateHasChanged();
    }

    async Task ReloadAnnotationsAsync()
    {
        var result = await Review.AnnotationsAsync(Id);
        _annotations = result.Succeeded ? result.Value! : [];
    }

    async Task OnMessageAsync(ExperimentMessage message)
    {
        switch (message)
        {
            case StatusMessage status when ExperimentView.IsNews(status, _experiment):
                await ReloadAsync();
                break;
            case ProgressMessage progress:
                _progress = progress;
                break;
            case AnnotationMessage:
                await ReloadAnnotationsAsync();
                break;
            default:
                return;
        }
        StateHasChanged();
    }

    // MudTabs also reports while it removes its panels: -1 once none is left, and shifted indexes as the
    // page goes; neither is the user's choice, and navigating then would pull them back to this page.
    void OnTabChanged(int index)
    {
        if (_disposed || index < 0 || index >= _tabs.Count) return;
        _tabIndex = index;
        Navigate(Link() with { Tab = _tabs[index] });
    }

    void OnStepSelected(int step) => Navigate(Link() with { Step = step });

    void OnSaliencySelect((int? Image, long? Token) selection) => Navigate(Link() with { Image = selection.Image, Token = selection.Token });

    void OnAnnotateCell((int Image, int Position, long Token) cell) =>
        _draft = new AnnotationDraft { Target = "position", ImageIndex = cell.Image, Position = cell.Position, TokenId = cell.Token };

    ExperimentLink Link() => new(Id, _tabs.Count > 0 ? _tabs[_tabIndex] : null, Image, Token, Step);

    void Navigate(ExperimentLink link) => Navigation.NavigateTo(link.ToUri(), replace: true);

    public static string MethodName(ExperimentMethod method) => ExperimentMethodNames.Name(method);

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
    }
}
