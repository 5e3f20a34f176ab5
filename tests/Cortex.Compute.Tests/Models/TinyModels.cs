using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Training;

namespace Cortex.Compute.Tests.Models;

/// <summary>Untrained built-in models of the quick plan's sizes, for tests of plumbing rather than quality.</summary>
public static class TinyModels
{
    public static TrainingPlan Plan => TrainingPlan.QuickPlan(seed: 7);

    public static BuiltInModel Create(int seed = 7)
    {
        manual_seed(seed);
        var model = BuiltInModel.Create(DefaultTrainer.CardFor(Plan));
        model.Eval();
        return model;
    }
}
