using Cortex.Server.Experiments;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Cortex.Web.Components.Pages.Experiments;

namespace Cortex.Server.Tests.Experiments;

/// <summary>
/// The API's validator and the dashboard's form rules read one set of limits: at every limit, with a
/// server configured below the defaults, both accept the boundary value and both refuse one past it.
/// </summary>
public sealed class SharedLimitsTests : IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("cortex-limits-").FullName;
    readonly CortexOptions _options;
    readonly CortexDatabase _database;
    readonly SpecValidator _validator;

    public SharedLimitsTests()
    {
        _options = new CortexOptions { DataDirectory = _directory, MaxSteps = 500, MaxImagesPerConcept = 100 };
        var settings = Microsoft.Extensions.Options.Options.Create(_options);
        _database = new CortexDatabase(settings);
        _validator = new SpecValidator(_database, new ConceptImageStore(_database), settings);
    }

    public static TheoryData<string, double, double> Limits() => new()
    {
        // field, lowest allowed, highest allowed (the configured caps are the options' 100 and 500 above)
        { "imagesPerConcept", 8, 100 },
        { "extractorEpochs", 1, 500 },
        { "topN", 1, 64 },
        { "tokenNum", 1, 1024 },
        { "steps", 1, 500 },
        { "decodeEvery", 1, 500 },
        { "temperature", 0.01, 100 },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void Both_accept_each_boundary_and_refuse_one_past_it(string field, double low, double high)
    {
        var step = field == "temperature" ? 0.001 : 1;
        foreach (var (value, accepted) in new[] { (low, true), (high, true), (low - step, false), (high + step, false) })
        {
            var server = FieldErrors(_validator.Experiment(Request(field, value), "tester", "default").Errors, field);
            var form = FieldErrors(NewExperimentRules.Validate(Request(field, value), null, SpecValidator.Limits(_options)), field);
            Assert.True(accepted == (server.Length == 0), $"server on {field} = {value}: [{string.Join("; ", server)}]");
            Assert.Equal(server, form);
            if (!accepted) Assert.Contains($"Must lie in {low}..{high}", server[0]);
        }
    }

    [Fact]
    public void Both_refuse_a_learning_rate_of_zero_or_past_its_cap_and_accept_the_cap()
    {
        foreach (var (value, accepted) in new[] { (ExperimentLimits.MaxLearningRate, true), (0.0, false), (ExperimentLimits.MaxLearningRate + 0.5, false), (double.PositiveInfinity, false) })
        {
            var server = FieldErrors(_validator.Experiment(Request("learningRate", value), "tester", "default").Errors, "learningRate");
            var form = FieldErrors(NewExperimentRules.Validate(Request("learningRate", value), null, SpecValidator.Limits(_options)), "learningRate");
            Assert.True(accepted == (server.Length == 0), $"learning rate {value}: [{string.Join("; ", server)}]");
            Assert.Equal(server, form);
        }
    }

    [Fact]
    public void Both_know_the_same_method_names()
    {
        foreach (var method in Enum.GetValues<ExperimentMethod>())
        {
            var name = ExperimentMethodNames.Name(method);
            var request = Request("topN", 5) with { Method = name };
            Assert.False(_validator.Experiment(request, "tester", "default").Errors.ContainsKey("method"), name);
            Assert.False(NewExperimentRules.Validate(request, null, SpecValidator.Limits(_options)).ContainsKey("method"), name);
        }
        Assert.Contains("method", _validator.Experiment(Request("topN", 5) with { Method = "tile-level" }, "tester", "default").Errors.Keys);
    }

    static ExperimentRequest Request(string field, double value)
    {
        var p = new ExperimentParameters();
        p = field switch
        {
            "imagesPerConcept" => p with { ImagesPerConcept = (int)value },
            "extractorEpochs" => p with { ExtractorEpochs = (int)value },
            "topN" => p with { TopN = (int)value },
            "tokenNum" => p with { TokenNum = (int)value },
            "steps" => p with { Steps = (int)value },
            "decodeEvery" => p with { DecodeEvery = (int)value },
            "temperature" => p with { Temperature = value },
            "learningRate" => p with { LearningRate = value },
            _ => throw new ArgumentException($"No such field '{field}'.", nameof(field)),
        };
        return new ExperimentRequest { Name = "limits", Method = ExperimentMethodNames.CodebookLevel, ConceptIds = ["a", "b"], Parameters = p };
    }

    static string[] FieldErrors(IReadOnlyDictionary<string, string[]> errors, string field) => errors.GetValueOrDefault("parameters." + field) ?? [];

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
