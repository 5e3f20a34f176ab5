using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cortex.Server.Tests.Api;

/// <summary>
/// Every endpoint that takes a body or an id, fed malformed JSON, wrong types, non-numbers, huge and
/// negative numbers, unknown ids and over-long strings: each gets a 4xx Problem Details that names the
/// problem and quotes no more than a snippet of what was sent, and afterwards the server still serves.
/// </summary>
public sealed class HostileRequestTests(HostileServer fixture) : IClassFixture<HostileServer>
{
    /// <summary>No answer quotes a long value back whole: the longest message is a few hundred characters.</summary>
    const int MaxAnswerLength = 2_000;

    public static TheoryData<HostileRequest> Corpus => [.. HostileRequests.All];

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Each_hostile_request_gets_a_problem_that_names_it(HostileRequest hostile)
    {
        var (status, mediaType, body) = await fixture.SendAsync(hostile);

        Assert.True((int)status == hostile.Status, $"{(int)status}: {body}");
        Assert.Equal("application/problem+json", mediaType);
        Assert.InRange(body.Length, 1, MaxAnswerLength);
        var problem = JsonNode.Parse(body)!.AsObject();
        var errors = problem["errors"]?.AsObject().Select(e => e.Key).ToList() ?? [];
        var detail = problem["detail"]?.GetValue<string>() ?? "";
        Assert.True(errors.Contains(hostile.Names) || detail.Contains(hostile.Names), $"'{hostile.Names}' is not named: {body}");
    }

    [Fact]
    public async Task Every_endpoint_with_a_body_is_in_the_corpus()
    {
        var document = (await fixture.Server.Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var writes = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Method: operation.Key.ToUpperInvariant(), Path: path.Key)))
            .Where(e => e.Method is "POST" or "PUT" or "PATCH")
            .Select(e => $"{e.Method} {e.Path.TrimEnd('/')}");

        var covered = HostileRequests.All.Select(r => $"{r.Method} {Template(r.Path)}").ToHashSet();

        Assert.All(writes, write => Assert.Contains(write, covered));
    }

    [Fact]
    public async Task After_the_whole_corpus_the_server_still_serves()
    {
        foreach (var hostile in HostileRequests.All)
            Assert.True((int)(await fixture.SendAsync(hostile)).Status < 500, hostile.ToString());

        Assert.Equal(HttpStatusCode.OK, (await fixture.Server.Http.GetAsync("/healthz")).StatusCode);
        var created = await fixture.Server.CreateConceptAsync($"after the corpus {Guid.NewGuid():N}", "red circle");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Server.Http.GetAsync($"/api/concepts/{created}")).StatusCode);
    }

    /// <summary>The OpenAPI path a request's address falls under: ids become <c>{id}</c>, the query goes.</summary>
    static string Template(string path)
    {
        var segments = path.Split('?')[0].Split('/');
        return string.Join('/', segments.Select((s, i) => i == 0 ? s
            : segments[i - 1] is "concepts" or "experiments" or "findings" or "users" or "models" or "members" or "annotations" ? "{id}"
            : segments[i - 1] == "codebook" ? "{token}" : s));
    }
}
