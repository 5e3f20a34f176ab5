using System.Text;
using Cortex.Compute.Runs;
using Cortex.Compute.Tests.Models;

namespace Cortex.Compute.Tests.Runs;

/// <summary>
/// A run on an untrained tiny built-in model: what it streams while it works and the typed result it returns
/// agree with each other, stage by stage and number by number, and no tensor is needed to read either.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ExperimentRunTests
{
    const int Images = 8;

    static RunRequest Request(RunMethod method) => new(method, new RunParameters
    {
        Extractor = "cnn", TisMethod = "gradient", Reduction = "max", ImagesPerConcept = Images, ExtractorEpochs = 2, TopN = 3, TokenNum = 4, Seed = 1,
        Steps = 6, LearningRate = 0.01, Temperature = 1, DecodeEvery = 3, SourceConcept = 0, SourceImage = 1, TargetConcept = 1,
    }, [new RunConcept("a", 0, ConceptOrigin.Generated, null, []), new RunConcept("b", 1, ConceptOrigin.Generated, null, [])]);

    static (RunResult Result, Listener Heard) Run(RunMethod method)
    {
        using var model = TinyModels.Create();
        var heard = new Listener();
        var result = ExperimentRun.Execute(Request(method), new RunModel(model, model.Judges, model.Card.Sampling, model), heard, CancellationToken.None);
        return (result, heard);
    }

    [Fact]
    public void A_sample_level_run_streams_every_map_it_stores_and_reports_its_stages_in_order()
    {
        var (result, heard) = Run(RunMethod.SampleLevel);

        Assert.Equal(["support sets", "extractor", "token importance", "images"], heard.Stages.Distinct());
        Assert.Equal(2 * Images, heard.Maps.Count);
        Assert.Equal(["a", "b"], heard.Maps.Select(m => m.Concept).Distinct());
        Assert.Equal(Images, heard.Maps.Count(m => m.Concept == "a"));
        var cells = heard.Maps[0].GridSize * heard.Maps[0].GridSize;
        Assert.All(heard.Maps, m => Assert.Equal(cells, m.Tis.Length));
        // tis.npy holds the float32 maps the run streamed, image after image, after its header.
        var tis = result.Files["tis.npy"];
        var stored = Floats(tis[^(2 * Images * cells * sizeof(float))..]);
        Assert.Equal(heard.Maps.SelectMany(m => m.Tis), stored.Select(v => (double)v));
        Assert.Equal(1 + 2 * Images * cells, Encoding.UTF8.GetString(result.Files["tis.csv"]).TrimEnd('\n').Split('\n').Length);
        Assert.Contains("saliency.png", result.Files.Keys);
        Assert.Contains(heard.Logs, line => line.StartsWith("cnn extractor: validation accuracy", StringComparison.Ordinal));
        Assert.Equal(("cnn", 2), (result.Extractor.Architecture, result.Extractor.Epochs));
        Assert.True(result.Extractor.TestImages > 0);
        Assert.Null(result.Codebook);
    }

    [Fact]
    public void A_codebook_level_run_streams_each_step_and_keeps_the_decoded_ones_with_its_best_for_replay()
    {
        var (result, heard) = Run(RunMethod.CodebookLevel);

        Assert.Equal(["support sets", "extractor", "codebook search"], heard.Stages.Distinct());
        Assert.Equal(Enumerable.Range(1, 6), heard.Frames.Select(f => f.Step));
        var decoded = heard.Frames.Where(f => f.Png is not null).ToList();
        var replay = Assert.IsType<CodebookSearchResult>(result.Codebook);
        Assert.Equal(decoded.Select(f => f.Step), replay.Frames.Select(f => f.Step));
        Assert.All(replay.Frames, kept => Assert.Equal(decoded.Single(f => f.Step == kept.Step).Png, kept.Png));
        Assert.Equal(decoded[^1].Step, replay.Frames[^1].Step);
        Assert.Contains(replay.BestStep!.Value, replay.Frames.Select(f => f.Step));
        Assert.Equal(1 + 6, Encoding.UTF8.GetString(result.Files[SearchCurve.Name]).TrimEnd('\n').Split('\n').Length);
        Assert.Contains("best_tokens.npy", result.Files.Keys);
        Assert.Equal(heard.Frames[0].GridSize * heard.Frames[0].GridSize, replay.Frames[0].Tokens.Length);
    }

    [Fact]
    public void A_cancelled_run_stops_with_the_cancellation()
    {
        using var model = TinyModels.Create();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            ExperimentRun.Execute(Request(RunMethod.SampleLevel), new RunModel(model, model.Judges, model.Card.Sampling, model), new Listener(), cancellation.Token));
    }

    static float[] Floats(byte[] bytes)
    {
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    sealed class Listener : IRunListener
    {
        public List<string> Stages { get; } = [];
        public List<SaliencyMap> Maps { get; } = [];
        public List<LiveFrame> Frames { get; } = [];
        public List<string> Logs { get; } = [];

        public void Stage(string stage, double fraction) => Stages.Add(stage);
        public void Saliency(SaliencyMap map) => Maps.Add(map);
        public void Frame(LiveFrame frame) => Frames.Add(frame);
        public void Log(string text) => Logs.Add(text);
    }
}
