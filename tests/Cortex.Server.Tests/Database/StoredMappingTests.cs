using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Services;
using Cortex.Server.Storage;

namespace Cortex.Server.Tests.Database;

/// <summary>
/// The data file's documents are the server's own types and the web sees its contracts; they meet only in explicit
/// mappings. A property added to one side and not the other, or added to both and left out of a mapping, fails here.
/// </summary>
public sealed class StoredMappingTests
{
    /// <summary>Each stored type and the web contract it maps to.</summary>
    static readonly Dictionary<Type, Type> Counterparts = new()
    {
        [typeof(StoredExperiment)] = typeof(ExperimentDocument),
        [typeof(StoredExperimentParameters)] = typeof(ExperimentParameters),
        [typeof(StoredExperimentSummary)] = typeof(ExperimentSummary),
        [typeof(StoredTokenCount)] = typeof(TokenCountEntry),
        [typeof(StoredRunCheck)] = typeof(RunCheck),
        [typeof(StoredConcept)] = typeof(ConceptDocument),
        [typeof(StoredAnnotation)] = typeof(AnnotationDocument),
        [typeof(StoredFinding)] = typeof(FindingDocument),
        [typeof(StoredFindingComment)] = typeof(FindingComment),
        [typeof(StoredEvaluatorFile)] = typeof(EvaluatorFile),
        [typeof(StoredEvaluatorFacts)] = typeof(EvaluatorFacts),
        [typeof(StoredSampleUsage)] = typeof(SampleUsage),
    };

    public static TheoryData<Type> StoredTypes => [.. Counterparts.Keys];

    [Theory]
    [MemberData(nameof(StoredTypes))]
    public void A_stored_type_and_its_contract_have_the_same_properties_of_corresponding_types(Type stored)
    {
        var contract = Counterparts[stored];

        var expected = contract.GetProperties().Select(p => $"{p.Name}: {p.PropertyType}").Order();
        var actual = stored.GetProperties().Select(p => $"{p.Name}: {Counterpart(p.PropertyType)}").Order();

        Assert.Equal(expected, actual);
    }

    /// <summary>Also proves the data file maps every stored type before first use (<see cref="PreparedMapper"/>): the server's assembly is among those it walks.</summary>
    [Fact]
    public void Every_stored_document_type_has_a_contract_or_is_the_servers_alone()
    {
        // Models never leave the server as documents: the catalogue shows a ModelSummary built from them; a token's label reaches pages as a TokenLabel.
        Type[] serverOnly = [typeof(StoredModel), typeof(StoredModelFacts), typeof(TokenLabelDocument)];
        var roots = typeof(CortexDatabase).GetProperties().Where(p => p.PropertyType.IsGenericType).Select(p => p.PropertyType.GetGenericArguments()[0]);

        var stored = PreparedMapper.StoredTypes(roots).Where(t => t.Namespace == typeof(CortexDatabase).Namespace).Select(t => t.Name).Order();

        Assert.Equal(Counterparts.Keys.Concat(serverOnly).Select(t => t.Name).Order(), stored);
    }

    [Fact]
    public void Every_sample_sets_every_property()
    {
        object[] samples = [StoredSamples.Experiment, StoredSamples.Concept, StoredSamples.Annotation, StoredSamples.Finding,
            StoredSamples.EvaluatorFile, StoredSamples.EvaluatorFacts, StoredSamples.Usage];

        Assert.Empty(samples.SelectMany(s => Unset(s, s.GetType().Name)));
    }

    [Fact]
    public void An_experiment_survives_the_round_trip_through_its_contract() =>
        AssertRoundTrip(StoredSamples.Experiment, e => e.ToContract(), e => e.ToStored());

    [Fact]
    public void A_concept_survives_the_round_trip_through_its_contract() =>
        AssertRoundTrip(StoredSamples.Concept, c => c.ToContract(), c => c.ToStored());

    [Fact]
    public void An_annotation_survives_the_round_trip_through_its_contract() =>
        AssertRoundTrip(StoredSamples.Annotation, a => a.ToContract(), a => a.ToStored());

    [Fact]
    public void A_finding_survives_the_round_trip_through_its_contract() =>
        AssertRoundTrip(StoredSamples.Finding, f => f.ToContract(), f => f.ToStored());

    [Fact]
    public void A_models_catalogue_parts_survive_the_round_trip_through_their_contracts()
    {
        AssertRoundTrip(StoredSamples.EvaluatorFile, e => e.ToContract(), e => e.ToStored());
        AssertRoundTrip(StoredSamples.EvaluatorFacts, e => e.ToContract(), e => e.ToStored());
        AssertRoundTrip(StoredSamples.Usage, u => u.ToContract(), u => u.ToStored());
    }

    [Fact]
    public void A_succeeded_run_with_a_failed_check_is_one_with_warnings_on_both_sides()
    {
        var stored = StoredSamples.Experiment;

        Assert.True(stored.SucceededWithWarnings);
        Assert.Equal(stored.FailedChecks().Select(c => c.Name), stored.ToContract().FailedChecks().Select(c => c.Name));
        Assert.True(stored.ToContract().SucceededWithWarnings);
    }

    /// <summary>A document stored without a parameter reads it as this default, so the two sides must agree on every one.</summary>
    [Fact]
    public void Stored_parameters_default_to_the_contracts_defaults() =>
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(new ExperimentParameters()), JsonSerializer.SerializeToNode(new StoredExperimentParameters().ToContract())));

    /// <summary>Same property names, so the same JSON: the contract shows what is stored, and mapped back it is what was stored.</summary>
    static void AssertRoundTrip<TStored, TContract>(TStored stored, Func<TStored, TContract> toContract, Func<TContract, TStored> toStored)
    {
        var contract = toContract(stored);
        var original = JsonSerializer.SerializeToNode(stored);

        Assert.True(JsonNode.DeepEquals(original, JsonSerializer.SerializeToNode(contract)), $"{typeof(TContract).Name} differs: {JsonSerializer.Serialize(contract)}");
        Assert.True(JsonNode.DeepEquals(original, JsonSerializer.SerializeToNode(toStored(contract))), $"{typeof(TStored).Name} differs after the round trip: {JsonSerializer.Serialize(toStored(contract))}");
    }

    /// <summary>The contract type a stored property's type corresponds to: its counterpart, inside lists, dictionaries and nullables too.</summary>
    static Type Counterpart(Type type) =>
        Counterparts.TryGetValue(type, out var contract) ? contract
        : type.IsGenericType ? type.GetGenericTypeDefinition().MakeGenericType([.. type.GetGenericArguments().Select(Counterpart)])
        : type;

    /// <summary>Paths of settable properties left at their default (null, zero, false, empty), into Cortex types and the first item of collections.</summary>
    static IEnumerable<string> Unset(object value, string path)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var field = $"{path}.{property.Name}";
            var current = property.GetValue(value);
            var type = property.PropertyType;
            if (current is null || (type.IsValueType && current.Equals(Activator.CreateInstance(type)))) yield return field;
            else if (current is IDictionary { Count: 0 } or ICollection { Count: 0 }) yield return field;
            else
            {
                var inner = current is IDictionary dictionary ? dictionary.Values.Cast<object>().First() : current is IList list ? list[0]! : current;
                if (inner.GetType().Assembly == typeof(StoredExperiment).Assembly)
                    foreach (var unset in Unset(inner, field)) yield return unset;
                else if (inner is IList { Count: > 0 } nested && nested[0]!.GetType().Assembly == typeof(StoredExperiment).Assembly)
                    foreach (var unset in Unset(nested[0]!, field)) yield return unset;
            }
        }
    }
}
