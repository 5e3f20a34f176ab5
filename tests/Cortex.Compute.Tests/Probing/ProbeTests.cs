using Cortex.Compute.Evaluation;
using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.Probing;
using Cortex.Compute.Protocols;
using Cortex.Compute.Runs;
using Cortex.Compute.Tests.Models;

namespace Cortex.Compute.Tests.Probing;

/// <summary>A probe answers what the run's own pieces answer on the same grid, with the extractor read back from its stored weights.</summary>
[Collection(TorchCollection.Name)]
public sealed class ProbeTests
{
    [Fact]
    public void Stored_extractor_weights_load_into_an_extractor_that_answers_exactly_as_the_trained_one()
    {
        using var model = TinyModels.Create();
        using var trained = ExtractorFactory.CreateSeeded(3, ExtractorArchitecture.Cnn, model.EmbeddingDim, model.GridSize, 2);
        trained.eval();
        using var loaded = ExtractorWeights.Load(ExtractorWeights.Write(trained), ExtractorArchitecture.Cnn, model, 2);
        using var embeddings = randn(4, model.EmbeddingDim, model.GridSize, model.GridSize);
        using var _ = no_grad();

        using var expected = trained.call(embeddings);
        using var actual = loaded.call(embeddings);
        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
    }

    [Fact]
    public void A_probe_decodes_the_grid_and_gives_each_evaluators_class_probabilities_and_the_tis_map_of_the_run()
    {
        using var model = TinyModels.Create();
        var hosted = new RunModel(model, model.Judges, model.Card.Sampling, model);
        using var extractor = ExtractorFactory.CreateSeeded(3, ExtractorArchitecture.Cnn, model.EmbeddingDim, model.GridSize, 2);
        var cells = model.GridSize * model.GridSize;
        var grid = Enumerable.Range(0, cells).Select(i => (long)(i * 7 % model.CodebookSize)).ToArray();
        var importance = new ImportanceOptions { Method = ImportanceMethod.Gradient };

        var answer = Probe.Answer(hosted, extractor, grid, 1, [0, 2], importance);

        using var tokens = tensor(grid).view(1, model.GridSize, model.GridSize);
        using var image = EvaluatorScores.Decode(model, tokens);
        foreach (var judge in model.Judges)
        {
            var each = new[] { 0L, 2L }.Select(c => { using var label = tensor(new[] { c }); return EvaluatorScores.Probability(judge, image, label)[0]; });
            Assert.Equal(each, answer.EvaluatorProbabilities[judge.Name], (a, b) => Math.Abs(a - b) < 1e-6);
        }
        using var label1 = tensor(new[] { 1L });
        using var tis = AttributionStage.Scores(extractor, model, tokens, label1, importance);
        Assert.Equal(tis.Scores.flatten().data<float>().ToArray().Select(v => (double)v), answer.Tis, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(1, answer.ExtractorProbabilities.Sum(), 5);
        Assert.Equal((byte)0x89, answer.Png[0]);

        var methods = Probe.Methods(hosted, extractor, grid, 1, 2, importance);
        Assert.Equal(ImportanceNames.Methods.Keys.Order(), methods.Keys.Order());
        Assert.Equal(answer.Tis, methods["gradient"], (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void A_grid_of_the_wrong_size_a_token_outside_the_codebook_or_an_unknown_concept_is_refused_by_name()
    {
        using var model = TinyModels.Create();
        var hosted = new RunModel(model, model.Judges, model.Card.Sampling, model);
        using var extractor = ExtractorFactory.Create(ExtractorArchitecture.Cnn, model.EmbeddingDim, model.GridSize, 2);
        var cells = model.GridSize * model.GridSize;
        var options = new ImportanceOptions { Method = ImportanceMethod.Gradient };

        Assert.Contains($"has {cells} tokens", Assert.Throws<ArgumentException>(() => Probe.Answer(hosted, extractor, new long[cells - 1], 0, [0, 1], options)).Message);
        var outside = new long[cells];
        outside[3] = model.CodebookSize;
        Assert.Contains($"Token {model.CodebookSize} at position 3", Assert.Throws<ArgumentException>(() => Probe.Answer(hosted, extractor, outside, 0, [0, 1], options)).Message);
        Assert.Contains("2 concepts", Assert.Throws<ArgumentOutOfRangeException>(() => Probe.Answer(hosted, extractor, new long[cells], 2, [0, 1], options)).Message);
    }

    [Fact]
    public void Neighbours_are_the_nearest_other_codebook_entries_nearest_first()
    {
        using var model = TinyModels.Create();
        var codebook = model.Codebook.cpu().data<float>().ToArray();
        var d = model.EmbeddingDim;
        double Distance(int a, int b) => Enumerable.Range(0, d).Sum(i => Math.Pow(codebook[a * d + i] - codebook[b * d + i], 2));

        var neighbours = Probe.Neighbours(model, 2, 5);

        Assert.Equal(Enumerable.Range(0, model.CodebookSize).Where(t => t != 2).OrderBy(t => Distance(2, t)).Take(5).Select(t => (long)t), neighbours);
        Assert.Throws<ArgumentOutOfRangeException>(() => Probe.Neighbours(model, model.CodebookSize, 5));
    }
}
