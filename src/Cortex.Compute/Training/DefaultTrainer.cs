using System.Diagnostics;
using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Quality;
using Cortex.Compute.World;

namespace Cortex.Compute.Training;

/// <summary>
/// Trains the whole built-in model: the two pixel evaluators, the VQ tokenizer, then the prior on
/// the tokenizer's codes; measures its quality and returns it with a complete model card.
/// </summary>
public static class DefaultTrainer
{
    public const string CnnEvaluatorName = "cnn";
    public const string MixerEvaluatorName = "mixer";

    public static BuiltInModel Train(TrainingPlan plan, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        plan.World.Validate();
        var clock = Stopwatch.StartNew();
        manual_seed(plan.Seed);
        using var generator = new Generator().manual_seed(plan.Seed);
        var card = CardFor(plan);
        var model = BuiltInModel.Create(card).To(plan.Device);
        try
        {
            // Weights approximate each stage's share of wall time on a CPU.
            var tracker = new ProgressTracker(progress, new Dictionary<string, double>
            {
                [$"evaluator {CnnEvaluatorName}"] = 1, [$"evaluator {MixerEvaluatorName}"] = 2.5, ["tokenizer"] = 6, ["prior"] = 11, ["quality"] = 0.7,
            });
            var stages = new List<StageRecord>();
            foreach (var (evaluatorCard, module) in model.Evaluators)
                stages.Add(EvaluatorTrainer.Train(module, $"evaluator {evaluatorCard.Name}",
                    evaluatorCard.Name == CnnEvaluatorName ? plan.CnnEvaluator : plan.MixerEvaluator, plan, tracker, generator, cancellationToken));
            stages.Add(TokenizerTrainer.Train(model.Tokenizer, plan, tracker, generator, cancellationToken));
            stages.Add(PriorTrainer.Train(model.Prior, model.Tokenizer, plan, tracker, generator, cancellationToken));

            tracker.Report("quality", 0, 1, double.NaN);
            var (sampling, validation) = ChooseGuidance(model, plan, cancellationToken);
            model = new BuiltInModel(model.Card with { Sampling = sampling }, model.Tokenizer, model.Prior, model.Evaluators);
            var quality = ModelQuality.Measure(model, plan.HeldOutImages, plan.SamplesPerClass, plan.Seed, cancellationToken);
            tracker.Report("quality", 1, 1, double.NaN);
            model.WithQuality(quality);
            var training = card.Training with { Stages = stages, GuidanceValidation = validation, TotalSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1) };
            return new BuiltInModel(model.Card with { Training = training }, model.Tokenizer, model.Prior, model.Evaluators);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Picks the classifier-free guidance with the best mean class agreement on a validation draw of
    /// prior samples — a seed the quality figures never use, so the card's figures stay unbiased.
    /// </summary>
    static (PriorSampling Sampling, Dictionary<string, double> Validation) ChooseGuidance(BuiltInModel model, TrainingPlan plan, CancellationToken cancellationToken)
    {
        model.Eval();
        var validation = new Dictionary<string, double>();
        var best = plan.Sampling;
        var bestAgreement = double.NegativeInfinity;
        foreach (var guidance in plan.GuidanceCandidates)
        {
            var candidate = plan.Sampling with { Guidance = guidance };
            var (agreement, _) = ModelQuality.MeasurePrior(model, candidate, plan.GuidanceSamplesPerClass, plan.Seed + 7777, cancellationToken);
            validation[guidance.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture)] = agreement.Mean;
            if (agreement.Mean > bestAgreement) (best, bestAgreement) = (candidate, agreement.Mean);
        }
        return (best, validation);
    }

    /// <summary>The card of an untrained model of the plan's sizes, before training fills in its record and quality.</summary>
    public static ModelCard CardFor(TrainingPlan plan) => new()
    {
        Name = plan.Quick ? "cortex-builtin-quick" : "cortex-builtin",
        World = new WorldCard(plan.World.ImageSize, ClassTable.Names.ToList(), new ShortcutCard(
            plan.World.ShortcutClass, ClassTable.All[plan.World.ShortcutClass].Name,
            plan.World.ShortcutBackground.ToString(), plan.World.ShortcutRate)),
        Tokenizer = plan.Tokenizer with { ImageSize = plan.World.ImageSize },
        Prior = plan.Prior with { CodebookSize = plan.Tokenizer.CodebookSize, GridSize = plan.World.ImageSize / TokenizerConfig.Downsampling },
        Sampling = plan.Sampling,
        Evaluators =
        [
            new EvaluatorCard(CnnEvaluatorName, "cnn", "evaluator-cnn.safetensors", ClassTable.Count),
            new EvaluatorCard(MixerEvaluatorName, "mlp-mixer", "evaluator-mixer.safetensors", ClassTable.Count),
        ],
        Training = new TrainingRecord { Seed = plan.Seed, Quick = plan.Quick, Device = plan.Device.type.ToString().ToLowerInvariant(), Threads = get_num_threads() },
    };
}
