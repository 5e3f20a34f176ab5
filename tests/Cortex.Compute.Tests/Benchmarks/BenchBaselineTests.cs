using System.Text.Json.Nodes;
using Cortex.Compute.Benchmarks;

namespace Cortex.Compute.Tests.Benchmarks;

public sealed class BenchBaselineTests
{
    const string Baseline = """
        {
          "machine": { "date": "2026-11-27", "threads": 2 },
          "tis": [
            { "method": "gradient", "size": "VQGAN 16×16", "batch": 32, "batched_images_per_second": 22, "speedup": 0.7 },
            { "method": "smoothgrad", "size": "VQGAN 16×16", "batch": 32, "batched_images_per_second": 1.5, "speedup": 0.6 }
          ],
          "streaming": [ { "clients": 0, "latency_p50_ms": "NaN", "steps_per_second": 200 }, { "clients": 20, "steps_per_second": 240 } ],
          "taming": { "vqgan": { "size": "f16", "encode_images_per_second": 0.33 } },
          "load": null,
          "summary": [ "TIS gradient: 22 images/s" ]
        }
        """;

    // The smoothgrad entry moved ahead of the gradient one, the batch grew to 256 on one entry, streaming lost a
    // client count, and a codebook figure is new.
    const string Current = """
        {
          "machine": { "date": "2026-12-04", "threads": 2 },
          "tis": [
            { "method": "smoothgrad", "size": "VQGAN 16×16", "batch": 32, "batched_images_per_second": 1.8, "speedup": 1.2 },
            { "method": "gradient", "size": "VQGAN 16×16", "batch": 256, "batched_images_per_second": 40, "speedup": 1.1 }
          ],
          "codebook_search": [ { "part": "batched search", "size": "VQGAN 16×16", "images_steps_per_second": 12.5 } ],
          "streaming": [ { "clients": 0, "latency_p50_ms": "NaN", "steps_per_second": 100 } ],
          "taming": { "vqgan": { "size": "f16", "encode_images_per_second": 0.66 } },
          "load": null,
          "summary": [ "TIS gradient: 40 images/s" ]
        }
        """;

    [Fact]
    public void Figures_are_paired_by_name_and_parameters_not_by_place()
    {
        var comparison = BenchBaseline.Compare(JsonNode.Parse(Baseline)!, JsonNode.Parse(Current)!);
        var ratios = comparison.Changes.ToDictionary(c => c.Name, c => c.Ratio);

        Assert.Equal(1.8 / 1.5, ratios["tis[smoothgrad, VQGAN 16×16, batch 32].batched_images_per_second"], 12);
        Assert.Equal(1.2 / 0.6, ratios["tis[smoothgrad, VQGAN 16×16, batch 32].speedup"], 12);
        Assert.Equal(100.0 / 200, ratios["streaming[clients 0].steps_per_second"], 12);
        Assert.Equal(0.66 / 0.33, ratios["taming.vqgan.encode_images_per_second"], 12);
        Assert.True(double.IsNaN(ratios["streaming[clients 0].latency_p50_ms"]));
        Assert.Equal(5, comparison.Changes.Count);

        // A figure at another batch size is another figure; parameters, the machine and the summary are not figures.
        Assert.Equal(
            ["codebook_search[batched search, VQGAN 16×16].images_steps_per_second", "tis[gradient, VQGAN 16×16, batch 256].batched_images_per_second", "tis[gradient, VQGAN 16×16, batch 256].speedup"],
            comparison.New.Select(f => f.Name).Order());
        Assert.Equal(
            ["streaming[clients 20].steps_per_second", "tis[gradient, VQGAN 16×16, batch 32].batched_images_per_second", "tis[gradient, VQGAN 16×16, batch 32].speedup"],
            comparison.Missing.Select(f => f.Name).Order());
        Assert.Equal(22, comparison.Missing.Single(f => f.Name == "tis[gradient, VQGAN 16×16, batch 32].batched_images_per_second").Value);
    }

    [Fact]
    public void Lines_give_the_ratio_and_name_new_and_missing_figures()
    {
        var lines = BenchBaseline.Compare(JsonNode.Parse(Baseline)!, JsonNode.Parse(Current)!).Lines().ToList();
        Assert.Contains("tis[smoothgrad, VQGAN 16×16, batch 32].speedup: 1.2 vs 0.6 — 2.00×", lines);
        Assert.Contains("streaming[clients 0].latency_p50_ms: NaN vs NaN — no ratio", lines);
        Assert.Contains("codebook_search[batched search, VQGAN 16×16].images_steps_per_second: 12.5 — new, not in the baseline", lines);
        Assert.Contains("streaming[clients 20].steps_per_second: not measured in this run (baseline 240)", lines);
    }

    [Fact]
    public void The_same_name_twice_is_kept_apart()
    {
        var figures = BenchBaseline.Figures(JsonNode.Parse("""{ "tis": [ { "method": "gradient", "speedup": 2 }, { "method": "gradient", "speedup": 3 } ] }""")!);
        Assert.Equal(["tis[gradient].speedup", "tis[gradient].speedup #2"], figures.Select(f => f.Name));
    }

    [Fact]
    public void A_report_that_is_not_an_object_is_refused_in_words() =>
        Assert.Contains("one JSON object", Assert.Throws<ArgumentException>(() => BenchBaseline.Figures(JsonNode.Parse("[1, 2]")!)).Message);
}
