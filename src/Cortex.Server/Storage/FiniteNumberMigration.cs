using LiteDB;

namespace Cortex.Server.Storage;

/// <summary>
/// Schema v5: no stored number is NaN or infinite. Before v5 an experiment could be stored with a parameter its method
/// does not use at 1E400, read as infinity; JSON has no such number, so the experiment, its re-run and every list
/// holding it answered 500. Such a parameter gets its default back (the method never read it); any other such number
/// (a figure, a timing) is removed, as if never measured. Each repair is written in the document's audit trail.
/// </summary>
public static class FiniteNumberMigration
{
    const string Actor = "cortex";

    static readonly BsonDocument ParameterDefaults = new BsonMapper().ToDocument(new StoredExperimentParameters());

    static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        ["experiments"] = "experiment", ["concepts"] = "concept", ["findings"] = "finding", ["annotations"] = "annotation", ["models"] = "model",
        ["users"] = "user", ["workspaces"] = "workspace",
    };

    public static void Apply(LiteDatabase database)
    {
        var audit = database.GetCollection("audit");
        var now = DateTime.UtcNow;
        var sequence = 0;
        // File storage (_files, _chunks) holds no numbers of ours.
        foreach (var name in database.GetCollectionNames().Where(n => !n.StartsWith('_')).ToList())
        {
            var collection = database.GetCollection(name);
            foreach (var document in collection.FindAll().ToList())
            {
                var repairs = new List<string>();
                Repair(document, "", name == "experiments", repairs);
                if (repairs.Count == 0) continue;
                collection.Update(document);
                var id = document["_id"];
                audit.Insert(new BsonDocument
                {
                    ["_id"] = $"{now.Ticks:x16}{++sequence:x8}", ["At"] = now, ["Actor"] = Actor,
                    ["Action"] = "repaired numbers no JSON answer can carry, at the upgrade to schema v5",
                    ["TargetKind"] = Kinds.GetValueOrDefault(name, name), ["TargetId"] = id.IsString ? id.AsString : id.ToString(), ["Detail"] = string.Join("; ", repairs),
                });
            }
        }
    }

    static void Repair(BsonDocument document, string path, bool experiment, List<string> repairs)
    {
        foreach (var key in document.Keys.ToList())
        {
            var value = document[key];
            var field = path.Length == 0 ? Camel(key) : $"{path}.{Camel(key)}";
            if (value.IsDouble && !double.IsFinite(value.AsDouble))
            {
                if (experiment && path == "parameters" && ParameterDefaults.TryGetValue(key, out var fallback))
                {
                    document[key] = fallback;
                    repairs.Add($"{field} was {NonFiniteNumberException.Describe(value.AsDouble)}, now its default {fallback.AsDouble}");
                }
                else
                {
                    document.Remove(key);
                    repairs.Add($"{field} was {NonFiniteNumberException.Describe(value.AsDouble)}, removed");
                }
            }
            else if (value.IsDocument) Repair(value.AsDocument, field, experiment, repairs);
            else if (value.IsArray) Repair(value.AsArray, field, experiment, repairs);
        }
    }

    static void Repair(BsonArray array, string path, bool experiment, List<string> repairs)
    {
        for (var i = array.Count - 1; i >= 0; i--)
        {
            if (array[i].IsDouble && !double.IsFinite(array[i].AsDouble))
            {
                repairs.Add($"{path}[{i}] was {NonFiniteNumberException.Describe(array[i].AsDouble)}, removed");
                array.RemoveAt(i);
            }
            else if (array[i].IsDocument) Repair(array[i].AsDocument, $"{path}[{i}]", experiment, repairs);
            else if (array[i].IsArray) Repair(array[i].AsArray, $"{path}[{i}]", experiment, repairs);
        }
    }

    /// <summary>The field as the API names it: stored names are the properties' (LearningRate), the API's are camel case (learningRate).</summary>
    static string Camel(string key) => key.Length == 0 ? key : char.ToLowerInvariant(key[0]) + key[1..];
}
