using LiteDB;

namespace Cortex.Server.Storage;

/// <summary>
/// Schema v6: the runs table orders and filters by each experiment's headline metrics, which are now written with the
/// document (<see cref="StoredExperiment.Headline"/>). Writing every stored experiment again stores them for the runs
/// of before; the indexes serve the table's order by its metric columns and by name.
/// </summary>
public static class RunHeadlineMigration
{
    public static void Apply(LiteDatabase database)
    {
        var experiments = database.GetCollection<StoredExperiment>("experiments");
        foreach (var experiment in experiments.FindAll().ToList()) experiments.Update(experiment);
        foreach (var field in new[] { "TargetProbability", "DeletionAuc", "MaskingDrop", "CliffsDelta" })
            experiments.EnsureIndex($"Headline{field}", $"$.Headline.{field}");
        experiments.EnsureIndex("Name", "$.Name");
    }
}
