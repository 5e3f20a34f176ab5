using System.Globalization;
using System.Text;
using Cortex.Compute.Concepts;
using Cortex.Compute.Editing;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Imaging;
using Cortex.Compute.Protocols;
using Cortex.Compute.World;

namespace Cortex.Compute.Runs;

/// <summary>The work of each experiment method after support sets and extractor are ready.</summary>
static class MethodRunners
{
    const int StreamedSaliencyMaps = 256;
    const int FigureImages = 16;
    /// <summary>Sides images are scaled up to (never down): streamed frames and figures, and the before/after pair.</summary>
    const int FramePixels = 128;
    const int ResultPixels = 256;

    /// <summary>TIS of every support image (streamed as saliency maps); with <paramref name="conceptLevel"/>, each concept's token set and frequency baseline.</summary>
    public static RunResult SampleLevel(RunContext c, bool conceptLevel)
    {
        var p = c.Parameters;
        c.Progress(RunStageNames.TokenImportance, 0);
        using var result = AttributionStage.Scores(c.Extractor.Module, c.Model, c.Tokens, c.Labels, c.Importance);
        var grid = c.Model.GridSize;
        var cells = grid * grid;
        var scores = result.Scores.cpu().contiguous().data<float>().ToArray();
        var tokens = c.Tokens.cpu().contiguous().data<long>().ToArray();
        using var top = ConceptTokenSet.TopPositions(result.Scores, Math.Min(p.TopN, cells));
        var topRows = GridPatches.Rows(top);
        var count = (int)c.Tokens.shape[0];
        for (var i = 0; i < Math.Min(count, StreamedSaliencyMaps); i++)
        {
            c.CancellationToken.ThrowIfCancellationRequested();
            c.Listener.Saliency(new SaliencyMap(i, c.Concepts[ConceptOf(c, i)].Name, grid,
                Tis: scores[(i * cells)..((i + 1) * cells)].Select(v => (double)v).ToArray(),
                TopTokens: topRows[i].Select(v => tokens[i * cells + v]).ToArray(),
                TopPositions: topRows[i].Select(v => (int)v).ToArray()));
        }

        c.Progress(RunStageNames.Images, 0);
        using var images = EvaluatorScores.Decode(c.Model, c.Tokens);
        var pixels = images.cpu().contiguous().data<float>().ToArray();
        var size = c.Model.ImageSize;
        var files = new Dictionary<string, byte[]>
        {
            ["tokens.npy"] = NpyWriter.Int64(tokens, count, grid, grid),
            ["tis.npy"] = NpyWriter.Float32(scores, count, grid, grid),
            ["labels.npy"] = NpyWriter.Int64(c.Labels.cpu().data<long>().ToArray(), count),
            ["images.npy"] = NpyWriter.Float32(pixels, count, 3, size, size),
            ["tis.csv"] = TisCsv(c, scores, tokens, cells),
            ["saliency.png"] = SaliencyFigure(images, scores, Math.Min(count, FigureImages), size, grid),
        };
        var produced = new RunResult { Extractor = c.Quality, Files = files };
        if (result.CompletenessError is { } error) produced.Figures["tis.completeness_error"] = Math.Round(error, 4);
        if (conceptLevel)
        {
            c.Progress(RunStageNames.ConceptTokenSets, 0);
            var csv = new StringBuilder("concept,kind,rank,token,count\n");
            for (var k = 0; k < c.Sets.Count; k++)
            {
                using var conceptScores = result.Scores.narrow(0, c.SetOffset(k), c.Sets[k].Count);
                var set = ConceptTokenSet.Compute(c.Sets[k].Tokens, conceptScores, Math.Min(p.TopN, cells), p.TokenNum);
                var frequency = FrequencyBaseline.Compute(c.Sets[k].Tokens, set.Count);
                produced.TokenSets[c.Concepts[k].Name] = set;
                produced.FrequencySets[c.Concepts[k].Name] = frequency;
                foreach (var (kind, list) in new[] { ("tis", set), ("frequency", frequency) })
                    for (var r = 0; r < list.Count; r++) csv.Append(CultureInfo.InvariantCulture, $"{Csv(c.Concepts[k].Name)},{kind},{r + 1},{list[r].Token},{list[r].Count}\n");
                c.Progress(RunStageNames.ConceptTokenSets, (k + 1.0) / c.Sets.Count);
            }
            files["token_sets.csv"] = Encoding.UTF8.GetBytes(csv.ToString());
            files["token_sets.npy"] = TokenSetArray(produced.TokenSets, c.Concepts, p.TokenNum, e => e.Token);
            files["token_set_counts.npy"] = TokenSetArray(produced.TokenSets, c.Concepts, p.TokenNum, e => e.Count);
        }
        return produced;
    }

    /// <summary>The Gumbel (or embedding-space) codebook search from one source image toward the target concept, streamed frame by frame.</summary>
    public static RunResult CodebookLevel(RunContext c)
    {
        var p = c.Parameters;
        var (source, target) = (p.SourceConcept, p.TargetConcept);
        var grid = c.Model.GridSize;
        var region = p.Region is { Count: > 0 } positions ? new EditRegion(grid, positions) : EditRegion.Whole(grid);
        using var sourceTokens = c.Sets[source].Tokens.narrow(0, p.SourceImage, 1);
        var targetClass = c.Concepts[target].ClassId;
        var sourceClass = c.Concepts[source].ClassId;
        var judges = new SearchJudges(c.Judges, targetClass);
        var options = new SearchOptions { Steps = p.Steps, LearningRate = p.LearningRate, Temperature = p.Temperature, DecodeEvery = p.DecodeEvery, Seed = p.Seed };
        var curve = new SearchCurve([.. c.Judges.Select(j => j.Name)]);
        var archive = new FrameArchive();
        // The decoded frames of the best edit (chosen as the search's tracker does: the first decode step
        // with the highest mean evaluator target probability) and of the final step, so that the replay
        // always holds the two edits the results show.
        RecordedFrame? best = null, last = null;
        var bestScore = double.NegativeInfinity;
        void OnFrame(SearchFrame frame)
        {
            curve.Add(frame.Step, frame.Loss, frame.TargetProbability[0], frame.EvaluatorTargetProbability);
            c.Progress(RunStageNames.CodebookSearch, (double)frame.Step / frame.Steps);
            var png = frame.Decoded is { } decoded ? PngWriter.Encode(decoded[0], c.Model.ImageSize, PngWriter.ScaleToReach(c.Model.ImageSize, FramePixels)) : null;
            var tokens = frame.Tokens.Cast<long>().ToArray();
            if (png is not null)
            {
                var recorded = new RecordedFrame(frame.Step, frame.Loss, frame.TargetProbability[0],
                    frame.EvaluatorTargetProbability?.ToDictionary(e => e.Key, e => e.Value[0]), tokens[..(grid * grid)], [.. frame.ChangedPositions[0]], png);
                archive.Add(recorded);
                last = recorded;
                if (recorded.EvaluatorProbability is { Count: > 0 } scored && scored.Values.Average() > bestScore)
                    (bestScore, best) = (scored.Values.Average(), recorded);
            }
            c.Listener.Frame(new LiveFrame(frame.Step, frame.Steps, frame.Loss, frame.TargetProbability,
                frame.EvaluatorTargetProbability?.ToDictionary(e => e.Key, e => e.Value), grid, tokens, frame.ChangedPositions.Select(x => x.ToArray()).ToArray(), png));
        }
        c.Progress(RunStageNames.CodebookSearch, 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var result = p.EmbeddingSpace
            ? EmbeddingSearch.Run(c.Model, c.Extractor.Module, sourceTokens, target, region, options, judges, OnFrame, c.CancellationToken)
            : GumbelTokenSearch.Run(c.Model, c.Extractor.Module, sourceTokens, target, region, options, judges, OnFrame, c.CancellationToken);
        var stepsPerSecond = p.Steps / clock.Elapsed.TotalSeconds;

        using var before = EvaluatorScores.Decode(c.Model, sourceTokens);
        using var after = EvaluatorScores.Decode(c.Model, result.BestTokens);
        using var final = EvaluatorScores.Decode(c.Model, result.FinalTokens);
        using var targetLabel = TensorMath.Repeated(1, targetClass, c.Model.Device);
        using var sourceLabel = TensorMath.Repeated(1, sourceClass, c.Model.Device);
        var produced = new RunResult { Extractor = c.Quality };
        foreach (var evaluator in c.Judges)
        {
            produced.Figures[$"codebook.{evaluator.Name}.source_prob_before"] = Math.Round(EvaluatorScores.Probability(evaluator, before, sourceLabel)[0], 4);
            produced.Figures[$"codebook.{evaluator.Name}.target_prob_before"] = Math.Round(EvaluatorScores.Probability(evaluator, before, targetLabel)[0], 4);
            produced.Figures[$"codebook.{evaluator.Name}.target_prob_after"] = Math.Round(result.BestEvaluatorTargetProbability[evaluator.Name][0], 4);
        }
        produced.Figures["codebook.region_size"] = region.Count;
        produced.Figures["codebook.steps_per_second"] = Math.Round(stepsPerSecond, 2);
        var files = new Dictionary<string, byte[]>
        {
            ["source_tokens.npy"] = NpyWriter.Int64(sourceTokens.cpu().contiguous().data<long>().ToArray(), 1, grid, grid),
            ["final_tokens.npy"] = NpyWriter.Int64(result.FinalTokens.cpu().contiguous().data<long>().ToArray(), 1, grid, grid),
            ["best_tokens.npy"] = NpyWriter.Int64(result.BestTokens.cpu().contiguous().data<long>().ToArray(), 1, grid, grid),
            ["before.png"] = PngWriter.Encode(before.cpu().contiguous().data<float>().ToArray(), c.Model.ImageSize, PngWriter.ScaleToReach(c.Model.ImageSize, ResultPixels)),
            ["after.png"] = PngWriter.Encode(after.cpu().contiguous().data<float>().ToArray(), c.Model.ImageSize, PngWriter.ScaleToReach(c.Model.ImageSize, ResultPixels)),
            ["final.png"] = PngWriter.Encode(final.cpu().contiguous().data<float>().ToArray(), c.Model.ImageSize, PngWriter.ScaleToReach(c.Model.ImageSize, ResultPixels)),
            [SearchCurve.Name] = curve.ToBytes(),
        };
        return produced with { Files = files, Codebook = new CodebookSearchResult(archive.Kept([.. new[] { best, last }.OfType<RecordedFrame>()]), best?.Step) };
    }

    /// <summary>
    /// On the extractor's test split: sample-level masking (top-n TIS vs random, pixel and token space),
    /// deletion curves of every TIS method, the randomization sanity check, and — where the support
    /// images are rendered, so ground truth exists — localization precision.
    /// </summary>
    public static RunResult Evaluation(RunContext c)
    {
        var p = c.Parameters;
        c.Progress(RunStageNames.Masking, 0);
        using var index = tensor(c.Extractor.TestIndices, device: c.Model.Device);
        using var tokens = c.Tokens.index_select(0, index);
        using var targets = c.Labels.index_select(0, index);
        using var classes = tensor(c.Extractor.TestIndices.Select(i => (long)c.Concepts[ConceptOf(c, (int)i)].ClassId).ToArray(), device: c.Model.Device);
        using var scores = AttributionStage.Scores(c.Extractor.Module, c.Model, tokens, targets, c.Importance);
        var cells = c.Model.GridSize * c.Model.GridSize;
        int[] ns = [0, cells / 32, cells / 16, cells / 8, cells / 4];
        var masking = MaskingStage.SampleLevel(c.Model, c.Judges, tokens, classes, scores.Scores, ns.Distinct().ToList(), p.Seed);
        c.Progress(RunStageNames.DeletionCurves, 0);
        var (auc, curves) = AttributionStage.Deletion(c.Model, c.Judges, c.Extractor.Module, tokens, targets, classes, c.Importance, 8, p.Seed);
        c.Progress(RunStageNames.SanityCheck, 0);
        var sanity = SanityStage.Randomization(c.Model, c.Extractor, c.Concepts.Count, new Compute.Extractors.ExtractorTrainingOptions().Width, tokens, targets, c.Importance, p.Seed);
        c.Progress(RunStageNames.Localization, 0);
        var localization = Localize(c, index, tokens, targets);

        var produced = new RunResult { Extractor = c.Quality };
        if (scores.CompletenessError is { } error) produced.Figures["tis.completeness_error"] = Math.Round(error, 4);
        foreach (var (method, area) in auc) produced.Figures[$"deletion_auc.{method}"] = area;
        foreach (var (space, table) in new[] { ("pixel", masking.Pixel), ("token", masking.Token) })
        foreach (var (evaluator, drops) in table)
        {
            produced.Figures[$"masking.{space}.{evaluator}.tis_drop"] = drops.TisDrop[^1];
            produced.Figures[$"masking.{space}.{evaluator}.random_drop"] = drops.RandomDrop[^1];
        }
        foreach (var (method, rho) in sanity.SpearmanTrainedVsRandom) produced.Figures[$"sanity.spearman.{method}"] = rho;
        if (localization is not null)
            foreach (var (method, precision) in localization.Precision) produced.Figures[$"localization.precision.{method}"] = precision;
        produced.Files["deletion.png"] = DeletionCurve.Chart(curves).Png();
        return produced with { Evaluation = new EvaluationResult(masking, auc, curves, sanity, localization) };
    }

    /// <summary>Localization needs every test image's ground truth, which generated support images lack.</summary>
    static LocalizationReport? Localize(RunContext c, Tensor index, Tensor tokens, Tensor targets)
    {
        if (c.Sets.Any(s => s.GroundTruth is null)) return null;
        var truth = c.Sets.SelectMany(s => s.GroundTruth!).ToList();
        var testTruth = c.Extractor.TestIndices.Select(i => truth[(int)i]).ToList();
        return AttributionStage.Localize(c.Model, c.Extractor.Module, tokens, targets, testTruth, c.Importance, Math.Max(1, c.Model.GridSize * c.Model.GridSize / 16));
    }

    /// <summary>
    /// Shortcut review of the first concept: its TIS token set, how strongly those tokens mark each
    /// background (Cliff's delta, its interval and corrected p) and how many sit off the object.
    /// </summary>
    public static RunResult ShortcutReview(RunContext c)
    {
        var p = c.Parameters;
        c.Progress(RunStageNames.TokenImportance, 0);
        var first = c.Sets[0];
        var cells = c.Model.GridSize * c.Model.GridSize;
        var world = c.Hosted.World ?? throw new InvalidOperationException("A shortcut review renders the concept on each background, which only the built-in model's world can.");
        var concept = ClassTable.All[c.Concepts[0].ClassId];
        var tokens = first.Source == SupportSource.Generated
            // What the generator attaches to the concept: the tokens separating its samples from rendered images of the same class.
            ? Compute.Evaluation.ShortcutReview.GeneratedVersusReal(world, first, concept, Math.Min(p.TopN, cells), p.TokenNum,
                new Compute.Extractors.ExtractorTrainingOptions { MaxEpochs = p.ExtractorEpochs, Seed = p.Seed }, c.Importance, p.Seed, c.CancellationToken)
            : TopTokens(c, first, Math.Min(p.TopN, cells), p.TokenNum);
        c.Progress(RunStageNames.ShortcutReview, 0);
        var evidence = Compute.Evaluation.ShortcutReview.Review(world, tokens.Select(t => t.Token).ToList(), concept, Math.Max(64, p.ImagesPerConcept * 2), p.Seed);
        return new RunResult { Extractor = c.Quality, TokenSets = { [c.Concepts[0].Name] = tokens }, Shortcut = new ShortcutResult(tokens, evidence) };
    }

    /// <summary>[concepts, token_num] int64, row k for concept k, padded with −1 where a set is shorter.</summary>
    static byte[] TokenSetArray(Dictionary<string, IReadOnlyList<TokenCount>> sets, IReadOnlyList<RunConcept> concepts, int tokenNum, Func<TokenCount, long> value)
    {
        var values = new long[concepts.Count * tokenNum];
        Array.Fill(values, -1);
        for (var k = 0; k < concepts.Count; k++)
        {
            var set = sets[concepts[k].Name];
            for (var r = 0; r < set.Count; r++) values[k * tokenNum + r] = value(set[r]);
        }
        return NpyWriter.Int64(values, concepts.Count, tokenNum);
    }

    /// <summary>The concept's own token set under the experiment's extractor (concept 0 against the others).</summary>
    static IReadOnlyList<TokenCount> TopTokens(RunContext c, SupportSet set, int topN, int tokenNum)
    {
        using var labels = zeros(set.Count, dtype: ScalarType.Int64, device: c.Model.Device);
        using var scores = AttributionStage.Scores(c.Extractor.Module, c.Model, set.Tokens, labels, c.Importance);
        return ConceptTokenSet.Compute(set.Tokens, scores.Scores, topN, tokenNum);
    }

    static int ConceptOf(RunContext c, int image)
    {
        for (var k = 0; k < c.Sets.Count; k++)
            if (image < c.SetOffset(k) + c.Sets[k].Count) return k;
        throw new ArgumentOutOfRangeException(nameof(image));
    }

    static byte[] TisCsv(RunContext c, float[] scores, long[] tokens, int cells)
    {
        var csv = new StringBuilder("image,concept,position,row,column,token,tis\n");
        for (var i = 0; i < scores.Length / cells; i++)
        {
            var concept = Csv(c.Concepts[ConceptOf(c, i)].Name);
            for (var q = 0; q < cells; q++)
                csv.Append(CultureInfo.InvariantCulture, $"{i},{concept},{q},{q / c.Model.GridSize},{q % c.Model.GridSize},{tokens[i * cells + q]},{scores[i * cells + q]}\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>Pairs of decoded image and TIS overlay, four pairs a row.</summary>
    static byte[] SaliencyFigure(Tensor images, float[] scores, int count, int size, int grid)
    {
        var cells = grid * grid;
        var rows = ImageRows.Of(images.narrow(0, 0, count));
        var tiles = rows.SelectMany((image, i) => Heatmap.Row(image, size, [scores[(i * cells)..((i + 1) * cells)].Select(v => (double)v).ToArray()], grid, 0.55));
        return PngWriter.EncodeGrid(tiles.ToList(), size, 8, PngWriter.ScaleToReach(size, FramePixels));
    }

    static string Csv(string value) => CsvText.Field(value);
}
