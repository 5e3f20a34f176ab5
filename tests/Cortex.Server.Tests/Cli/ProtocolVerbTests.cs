using System.Text.Json;

namespace Cortex.Server.Tests.Cli;

/// <summary>The science verbs end to end on the shipped model, at their quick sizes.</summary>
public sealed class ProtocolVerbTests : IDisposable
{
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-protocol-").FullName;

    [Fact]
    public async Task Paper_quick_writes_a_report_with_every_field_and_its_figures()
    {
        var output = Path.Combine(_scratch, "paper");
        var result = await CortexProcess.RunAsync("paper", "--quick", "--out", output);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        Assert.Equal(["codebook.png", "deletion.png", "randomization-cnn.png", "randomization-deep-cnn.png", "randomization-resnet-se.png", "randomization-transformer.png",
            "report.json", "report.md", "saliency.png"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        foreach (var png in Directory.GetFiles(output, "*.png")) Assert.Equal(0x89, File.ReadAllBytes(png)[0]);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var report = json.RootElement;
        var evaluators = new[] { "cnn", "mixer" };

        var extractors = report.GetProperty("extractors").EnumerateArray().ToList();
        Assert.Equal(["cnn", "deep-cnn", "resnet-se", "transformer"], extractors.Select(e => e.GetProperty("arch").GetString()));
        Assert.All(extractors, e => Assert.InRange(e.GetProperty("val_accuracy").GetDouble(), 0, 1));
        Assert.All(extractors, e => Assert.InRange(e.GetProperty("test_accuracy").GetDouble(), 0, 1));

        // Every extractor has its own masking tables, judged on held-out images, in probability and in logit.
        var architectures = extractors.Select(e => e.GetProperty("arch").GetString()).ToList();
        Assert.Equal(architectures, report.GetProperty("sample_level").EnumerateObject().Select(p => p.Name));
        Assert.Equal(architectures, report.GetProperty("concept_level").EnumerateObject().Select(p => p.Name));
        foreach (var architecture in architectures)
        {
            var sample = report.GetProperty("sample_level").GetProperty(architecture!);
            var n = sample.GetProperty("n").GetArrayLength();
            foreach (var space in new[] { "pixel", "token" })
            foreach (var evaluator in evaluators)
            {
                var curves = sample.GetProperty(space).GetProperty(evaluator);
                foreach (var field in new[] { "tis_drop", "random_drop", "object_random_drop", "tis_logit_drop", "random_logit_drop", "object_random_logit_drop" })
                    Assert.Equal(n, curves.GetProperty(field).GetArrayLength());
            }

            var concept = report.GetProperty("concept_level").GetProperty(architecture!);
            var (topN, sizes) = (concept.GetProperty("top_n").GetArrayLength(), concept.GetProperty("token_num").GetArrayLength());
            var split = concept.GetProperty("split").EnumerateObject().ToList();
            Assert.Equal(12, split.Count);
            Assert.Equal(concept.GetProperty("train_images").GetInt32(), split.Sum(s => s.Value.GetProperty("train").GetInt32()));
            Assert.Equal(concept.GetProperty("test_images").GetInt32(), split.Sum(s => s.Value.GetProperty("test").GetInt32()));
            foreach (var space in new[] { "pixel", "token" })
            foreach (var evaluator in evaluators)
            foreach (var field in new[] { "tis_drop", "frequency_drop", "tis_logit_drop", "frequency_logit_drop" })
            {
                var grid = concept.GetProperty(space).GetProperty(evaluator).GetProperty(field);
                Assert.Equal(topN, grid.GetArrayLength());
                Assert.All(grid.EnumerateArray(), row => Assert.Equal(sizes, row.GetArrayLength()));
            }
        }
        var objectCells = report.GetProperty("object_cells");
        Assert.InRange(objectCells.GetProperty("precision").GetDouble(), 0.9, 1);
        Assert.InRange(objectCells.GetProperty("recall").GetDouble(), 0.9, 1);

        var methods = new[] { "gradient", "smoothgrad", "gradient-x-input", "integrated-gradients", "occlusion" };
        var deletion = report.GetProperty("deletion_auc");
        foreach (var method in methods.Append("random")) Assert.InRange(deletion.GetProperty(method).GetDouble(), 0, 1);
        var localization = report.GetProperty("localization");
        Assert.True(localization.GetProperty("k").GetInt32() > 0);
        foreach (var method in methods) Assert.InRange(localization.GetProperty("precision").GetProperty(method).GetDouble(), 0, 1);
        Assert.InRange(localization.GetProperty("random_precision").GetDouble(), 0, 1);
        foreach (var method in methods)
            Assert.True(localization.GetProperty("strict_precision").GetProperty(method).GetDouble() <= localization.GetProperty("precision").GetProperty(method).GetDouble(),
                $"{method}: a position mostly inside the region also touches it");
        Assert.True(localization.GetProperty("strict_random_precision").GetDouble() <= localization.GetProperty("random_precision").GetDouble());
        var analysis = localization.GetProperty("analysis");
        Assert.Equal(["marking", "object"], analysis.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("region").GetString()));
        Assert.Equal(["cnn", "deep-cnn", "resnet-se", "transformer"], analysis.GetProperty("extractors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(["max", "mean", "abs-max", "l2"], analysis.GetProperty("reductions").GetProperty("smoothgrad").EnumerateObject().Select(e => e.Name));
        var completeness = report.GetProperty("ig_completeness");
        Assert.True(completeness.GetProperty("steps").GetInt32() >= 32);
        Assert.True(completeness.GetProperty("images").GetInt32() > 0);
        Assert.InRange(completeness.GetProperty("mean").GetDouble(), 0, completeness.GetProperty("max").GetDouble());
        Assert.Contains("## Integrated gradients' completeness", File.ReadAllText(Path.Combine(output, "report.md")));
        foreach (var method in methods)
            Assert.InRange(report.GetProperty("sanity").GetProperty("spearman_trained_vs_random").GetProperty(method).GetDouble(), -1, 1);
        var randomization = report.GetProperty("randomization");
        Assert.Equal(0.3, randomization.GetProperty("pass_below").GetDouble());
        Assert.Equal(report.GetProperty("extractors").GetArrayLength(), randomization.GetProperty("extractors").GetArrayLength());
        foreach (var extractor in randomization.GetProperty("extractors").EnumerateArray())
        foreach (var method in methods)
        {
            // One ρ per cumulative step but the last, which is the whole network.
            Assert.Equal(extractor.GetProperty("layers_from_top").GetArrayLength() - 1, extractor.GetProperty("cascade").GetProperty(method).GetArrayLength());
            Assert.InRange(extractor.GetProperty("whole_network").GetProperty(method).GetDouble(), -1, 1);
        }

        var codebook = report.GetProperty("codebook_level");
        var pairs = codebook.GetProperty("pairs").GetArrayLength();
        Assert.True(pairs >= 2);
        Assert.True(codebook.GetProperty("steps").GetInt32() > 0);
        // Both searches ran on every pair and every evaluator judged the sources, the best and the final edits.
        foreach (var pair in codebook.GetProperty("pairs").EnumerateArray())
        {
            var sources = pair.GetProperty("sources");
            Assert.InRange(sources.GetProperty("recognised").GetInt32(), 0, sources.GetProperty("candidates").GetInt32());
            foreach (var method in new[] { "gumbel", "embedding" })
            foreach (var evaluator in evaluators)
            foreach (var field in new[] { "source_before", "target_before", "source_after_best", "target_after_best", "source_after_final", "target_after_final" })
                Assert.InRange(pair.GetProperty("methods").GetProperty(method).GetProperty("evaluators").GetProperty(evaluator).GetProperty(field).GetDouble(), 0, 1);
        }

        var shortcut = report.GetProperty("shortcut");
        var planted = shortcut.GetProperty("planted");
        var control = shortcut.GetProperty("control");
        Assert.Equal("red circle", planted.GetProperty("concept").GetString());
        Assert.InRange(planted.GetProperty("background_fraction").GetDouble(), 0, 1);
        Assert.InRange(planted.GetProperty("generated_on_background").GetDouble(), 0, 1);
        var background = shortcut.GetProperty("background").GetString()!;
        foreach (var reviewed in new[] { planted, control })
        foreach (var effect in reviewed.GetProperty("backgrounds").EnumerateObject().Select(b => b.Value))
        {
            var delta = effect.GetProperty("delta").GetDouble();
            var interval = effect.GetProperty("interval");
            Assert.InRange(delta, interval.GetProperty("low").GetDouble(), interval.GetProperty("high").GetDouble());
            Assert.InRange(effect.GetProperty("p").GetDouble(), 1.0 / 2001 - 1e-4, 1);
            Assert.InRange(effect.GetProperty("corrected_p").GetDouble(), effect.GetProperty("p").GetDouble(), 1);
        }
        // The planted shortcut is found: its tokens mark the planted background more than a control concept's do.
        Assert.True(planted.GetProperty("backgrounds").GetProperty(background).GetProperty("delta").GetDouble()
            > control.GetProperty("backgrounds").GetProperty(background).GetProperty("delta").GetDouble(), shortcut.ToString());

        var timing = report.GetProperty("timing");
        Assert.True(timing.GetProperty("total").GetDouble() > 0);
        Assert.NotEmpty(report.GetProperty("findings").EnumerateArray());
        Assert.Contains("## Findings", File.ReadAllText(Path.Combine(output, "report.md")));
    }

    [Fact]
    public async Task Bench_quick_writes_the_ratios()
    {
        var output = Path.Combine(_scratch, "bench");
        var result = await CortexProcess.RunAsync("bench", "--quick", "--out", output);
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "bench.json")));
        var tis = json.RootElement.GetProperty("tis").EnumerateArray().ToList();
        // At the built-in size, then at the VQGAN size.
        Assert.Equal(["gradient", "smoothgrad", "gradient", "smoothgrad"], tis.Select(t => t.GetProperty("method").GetString()));
        Assert.Equal([false, false, true, true], tis.Select(t => t.GetProperty("size").GetString()!.StartsWith("VQGAN 16×16")));
        Assert.All(tis, t => Assert.True(t.GetProperty("speedup").GetDouble() > 0));
        var search = json.RootElement.GetProperty("codebook_search").EnumerateArray().ToList();
        Assert.Equal(4, search.Count);
        Assert.Contains(search, s => s.GetProperty("size").GetString()!.StartsWith("VQGAN 16×16"));
        var batched = json.RootElement.GetProperty("batched_search").EnumerateArray().ToList();
        Assert.Equal([false, true], batched.Select(b => b.GetProperty("size").GetString()!.StartsWith("VQGAN 16×16")));
        Assert.All(batched, b => Assert.Equal(32, b.GetProperty("batch").GetInt32()));
        Assert.All(batched, b => Assert.True(b.GetProperty("batched_image_steps_per_second").GetDouble() > 0 && b.GetProperty("loop_image_steps_per_second").GetDouble() > 0));
        AssertTaming(json.RootElement.GetProperty("taming"));
    }

    [Fact]
    public async Task Bench_only_taming_measures_the_taming_port_alone()
    {
        var output = Path.Combine(_scratch, "bench-taming");
        var result = await CortexProcess.RunAsync("bench", "--quick", "--only", "taming", "--out", output);
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "bench.json")));
        foreach (var skipped in new[] { "tis", "codebook_search", "streaming" }) Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty(skipped).ValueKind);
        AssertTaming(json.RootElement.GetProperty("taming"));
        Assert.Equal(3, json.RootElement.GetProperty("summary").GetArrayLength());
        Assert.Contains("with the KV cache", result.Output);
    }

    static void AssertTaming(JsonElement taming)
    {
        var load = taming.GetProperty("load");
        Assert.True(load.GetProperty("file_mib").GetDouble() > 0 && load.GetProperty("peak_to_file").GetDouble() >= 0);
        var vqgan = taming.GetProperty("vqgan");
        Assert.True(vqgan.GetProperty("parameters").GetInt64() > 0);
        foreach (var rate in new[] { "encode_images_per_second", "decode_images_per_second" }) Assert.True(vqgan.GetProperty(rate).GetDouble() > 0, rate);
        var sampling = taming.GetProperty("sampling");
        Assert.Equal(256, sampling.GetProperty("tokens_per_image").GetInt32());
        Assert.True(sampling.GetProperty("recompute_steps_timed").GetInt32() > 0);
        foreach (var rate in new[] { "cached_tokens_per_second", "recompute_tokens_per_second", "speedup" }) Assert.True(sampling.GetProperty(rate).GetDouble() > 0, rate);
    }

    [Fact]
    public async Task Paper_refuses_to_overwrite_a_foreign_directory()
    {
        var foreign = Directory.CreateDirectory(Path.Combine(_scratch, "notes")).FullName;
        File.WriteAllText(Path.Combine(foreign, "keep.txt"), "mine");
        var result = await CortexProcess.RunAsync("paper", "--quick", "--out", foreign);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("refusing to replace", Assert.Single(result.ErrorLines));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(foreign, "keep.txt")));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
