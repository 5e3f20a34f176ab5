using Cortex.Compute.Evaluation;
using Cortex.Compute.Extractors;
using Cortex.Compute.World;

namespace Cortex.Compute.Protocols;

/// <summary>
/// The masking tables of every trained extractor. Each extractor's TIS is read on its own held-out
/// test images (sample level) and its concept token sets are built from its own training images
/// only, then masked on the held-out ones (concept level): no test image helps build a set it is judged by.
/// </summary>
static class MaskingRuns
{
    public const string ObjectCellsMethod = "the largest 8-connected blob of pixels whose nearest world colour is the class's own (or its marking's white), "
        + "read from the decoded image; a cell is the object's when the blob covers at least half its patch";

    /// <summary>Extractors that share a test split share its judge, so the random baselines are judged once.</summary>
    public static IReadOnlyDictionary<string, SampleLevelReport> SampleLevel(PaperSubject subject, IReadOnlyList<TrainedExtractor> extractors, PaperData data, PaperOptions options)
    {
        var model = subject.Model;
        var reports = new Dictionary<string, SampleLevelReport>();
        foreach (var split in extractors.GroupBy(e => string.Join(',', e.TestIndices)))
        {
            using var index = tensor(split.First().TestIndices, device: model.Device);
            using var tokens = data.Tokens.index_select(0, index);
            using var labels = data.Labels.index_select(0, index);
            using var classes = data.Classes.index_select(0, index);
            using var judge = new MaskedJudge(model, subject.Evaluators, [new MaskGroup(tokens, classes)]);
            var objects = subject.World is null ? null : ObjectCells.Read(judge.Originals(0), ClassesOf(classes), model.GridSize);
            foreach (var extractor in split)
            {
                using var scores = AttributionStage.Scores(extractor.Module, model, tokens, labels, options.Importance);
                reports[ExtractorFactory.Name(extractor.Architecture)] = MaskingStage.SampleLevel(judge, subject.Evaluators, scores.Scores, options.SampleN, options.Seed, options.TopN, objects);
            }
        }
        return extractors.Select(e => ExtractorFactory.Name(e.Architecture)).ToDictionary(name => name, name => reports[name]);
    }

    /// <summary>Extractors that share a test split share its concept groups, so a masking judged for one is not judged again for another.</summary>
    public static IReadOnlyDictionary<string, ConceptLevelReport> ConceptLevel(PaperSubject subject, IReadOnlyList<TrainedExtractor> extractors, PaperData data, PaperOptions options)
    {
        var (model, concepts) = (subject.Model, subject.Concepts);
        var labels = data.Labels.cpu().data<long>().ToArray();
        var reports = new Dictionary<string, ConceptLevelReport>();
        foreach (var split in extractors.GroupBy(e => string.Join(',', e.TestIndices)))
        {
            var test = HeldOutSplit.Of(split.First(), labels, concepts.Count).Test;
            var studied = Enumerable.Range(0, concepts.Count).Where(k => test[k].Length > 0).ToList();
            var groups = studied.Select(k => Group(data, test[k], model.Device)).ToList();
            try
            {
                using var masks = new ConceptMasks(model, subject.Evaluators, groups);
                foreach (var extractor in split)
                    reports[ExtractorFactory.Name(extractor.Architecture)] = ConceptLevelOf(subject, extractor, data, options, masks, studied, labels);
            }
            finally
            {
                foreach (var group in groups)
                {
                    group.Tokens.Dispose();
                    group.Classes.Dispose();
                }
            }
        }
        return extractors.Select(e => ExtractorFactory.Name(e.Architecture)).ToDictionary(name => name, name => reports[name]);
    }

    static ConceptLevelReport ConceptLevelOf(PaperSubject subject, TrainedExtractor extractor, PaperData data, PaperOptions options,
        ConceptMasks masks, List<int> studied, long[] labels)
    {
        var model = subject.Model;
        var train = HeldOutSplit.Of(extractor, labels, subject.Concepts.Count).Train;
        var used = studied.Where(k => train[k].Length > 0).ToList();
        var rows = used.SelectMany(k => train[k]).ToArray();
        if (rows.Length == 0) throw new ArgumentException("No concept has both training and held-out test images, so no token set can be built and judged.");
        using var index = tensor(rows, device: model.Device);
        using var tokens = data.Tokens.index_select(0, index);
        using var trainLabels = data.Labels.index_select(0, index);
        // One TIS pass over every training image; each top_n and token_num reads the same maps.
        using var scores = AttributionStage.Scores(extractor.Module, model, tokens, trainLabels, options.Importance);
        var cases = new List<ConceptCase>();
        var offset = 0;
        foreach (var k in used)
        {
            cases.Add(new ConceptCase(subject.Concepts[k].Name, tokens.narrow(0, offset, train[k].Length), scores.Scores.narrow(0, offset, train[k].Length), studied.IndexOf(k)));
            offset += train[k].Length;
        }
        try
        {
            return MaskingStage.ConceptLevel(subject.Evaluators, masks, cases, options.TopN, options.TokenNum);
        }
        finally
        {
            foreach (var c in cases)
            {
                c.TrainTokens.Dispose();
                c.TrainScores.Dispose();
            }
        }
    }

    /// <summary>Agreement of the object-cell reader with the renderer's object masks, on the encoded rendered images.</summary>
    public static ObjectCellsReport ObjectCellAgreement(PaperSubject subject, PaperData data)
    {
        var model = subject.Model;
        using var images = EvaluatorScores.Decode(model, data.EncodedTokens!);
        var read = ObjectCells.Read(images, data.EncodedTruth.Select(t => ClassTable.All[t.ClassId]).ToList(), model.GridSize);
        var truth = data.EncodedTruth.Select(t => ObjectCells.FromPixels(t.ObjectMask, model.GridSize, t.Size)).ToList();
        var (precision, recall) = ObjectCells.Agreement(read, truth);
        return new ObjectCellsReport(ObjectCellsMethod, truth.Count, Math.Round(precision, 4), Math.Round(recall, 4));
    }

    static MaskGroup Group(PaperData data, long[] rows, Device device)
    {
        using var index = tensor(rows, device: device);
        return new MaskGroup(data.Tokens.index_select(0, index), data.Classes.index_select(0, index));
    }

    static IReadOnlyList<ConceptClass> ClassesOf(Tensor classIds) => classIds.cpu().data<long>().ToArray().Select(id => ClassTable.All[(int)id]).ToList();
}
