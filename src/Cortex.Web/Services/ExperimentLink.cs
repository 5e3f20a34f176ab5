using Cortex.Web.Contracts;

using System.Globalization;

namespace Cortex.Web.Services;

/// <summary>
/// A shareable address inside an experiment page: the tab, and optionally an image, a token or a step.
/// The page reads the same query parameters, so any view a person sees can be sent as a link.
/// </summary>
public sealed record ExperimentLink(string ExperimentId, string? Tab = null, int? Image = null, long? Token = null, int? Step = null)
{
    public const string Live = "live";
    public const string Saliency = "saliency";
    public const string Probe = "probe";
    public const string Tokens = "tokens";
    public const string Evaluation = "evaluation";
    public const string Results = "results";

    /// <summary>The tabs a method's experiment shows, in order; the first is where a plain link lands.</summary>
    public static IReadOnlyList<string> TabsFor(ExperimentMethod method) => method switch
    {
        ExperimentMethod.CodebookLevel => [Live, Results],
        ExperimentMethod.SampleLevel => [Saliency, Probe, Results],
        ExperimentMethod.ConceptLevel => [Saliency, Tokens, Probe, Results],
        ExperimentMethod.Evaluation => [Evaluation, Results],
        ExperimentMethod.ShortcutReview => [Tokens, Results],
        _ => [Results],
    };

    /// <summary>The site-relative address, e.g. <c>experiments/abc?tab=saliency&amp;image=3&amp;token=17</c>.</summary>
    public string ToUri()
    {
        var query = new List<string>();
        if (Tab is not null) query.Add($"tab={Uri.EscapeDataString(Tab)}");
        if (Image is { } image) query.Add(string.Create(CultureInfo.InvariantCulture, $"image={image}"));
        if (Token is { } token) query.Add(string.Create(CultureInfo.InvariantCulture, $"token={token}"));
        if (Step is { } step) query.Add(string.Create(CultureInfo.InvariantCulture, $"step={step}"));
        var path = $"experiments/{Uri.EscapeDataString(ExperimentId)}";
        return query.Count == 0 ? path : $"{path}?{string.Join("&", query)}";
    }
}
