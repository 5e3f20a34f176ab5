using System.Text.Json;
using Cortex.Server.Tests.Models;

namespace Cortex.Server.Tests.Api;

/// <summary>
/// A hostile request and the answer it must get: the status, and what the Problem Details must name
/// (an <c>errors</c> key, or words of its <c>detail</c>). Paths and bodies may hold the placeholders
/// {a}, {b}, {experiment} and {finding}, filled with ids of the server under test.
/// </summary>
public sealed record HostileRequest(string Label, string Method, string Path, string? Body, int Status, string Names, string ContentType = "application/json")
{
    public override string ToString() => $"{Method} {Path}: {Label}";
}

/// <summary>The corpus: every endpoint that takes a body or an id, fed what a careless or hostile client sends.</summary>
public static class HostileRequests
{
    const string NotJson = "The body is not valid JSON for this request";

    /// <summary>Every POST, PUT and PATCH of the API with a JSON body, and a valid body's field to vary.</summary>
    public static readonly (string Method, string Path)[] JsonEndpoints =
    [
        ("POST", "/api/concepts"), ("PUT", "/api/concepts/{a}"), ("POST", "/api/experiments"),
        ("POST", "/api/experiments/{experiment}/annotations"), ("POST", "/api/findings"), ("PATCH", "/api/findings/{finding}"),
        ("POST", "/api/experiments/{experiment}/share-links"), ("PUT", "/api/models/builtin/codebook/3/label"),
    ];

    /// <summary>The POSTs that take no body: only their id can be wrong.</summary>
    public static readonly string[] Actions = ["cancel", "requeue", "start", "rerun"];

    public static IEnumerable<HostileRequest> All => Malformed.Concat(Concepts).Concat(Experiments).Concat(Annotations).Concat(TokenNotes).Concat(TokenLabels).Concat(ShareLinks).Concat(Findings).Concat(Models).Concat(Accounts).Concat(UnknownIds);

    static IEnumerable<HostileRequest> Malformed =>
        from endpoint in JsonEndpoints
        from request in new HostileRequest[]
        {
            new("cut-off JSON", "", "", """{"name": """, 400, NotJson),
            new("an array", "", "", "[1, 2, 3]", 400, NotJson),
            new("a string", "", "", "\"text\"", 400, NotJson),
            new("NaN", "", "", """{"name": NaN}""", 400, NotJson),
            new("200 levels deep", "", "", string.Concat(Enumerable.Repeat("""{"a": """, 200)) + "1" + new string('}', 200), 400, NotJson),
            new("null", "", "", "null", 400, "The request needs a JSON body"),
            new("no body", "", "", "", 400, "The request needs a JSON body"),
            new("text/plain", "", "", """{"name": "x"}""", 415, "Send the body as application/json, not text/plain", ContentType: "text/plain"),
            new("2 MiB", "", "", Json(new { name = Long(2 << 20) }), 413, "larger than 1 MiB"),
        }
        select request with { Method = endpoint.Method, Path = endpoint.Path };

    static IEnumerable<HostileRequest> Concepts =>
        from endpoint in new[] { ("POST", "/api/concepts"), ("PUT", "/api/concepts/{a}") }
        from request in new HostileRequest[]
        {
            new("name is a number", "", "", """{"name": 5, "source": "generated", "className": "red circle"}""", 400, "$.name"),
            new("300-character name", "", "", Concept(name: Long(300)), 400, "name"),
            new("5000-character description", "", "", Concept(description: Long(5000)), 400, "description"),
            new("600 KB class name", "", "", Concept(className: Long(600_000)), 400, "className"),
            new("600 KB model id", "", "", Concept(modelId: Long(600_000)), 400, "modelId"),
            new("600 KB source", "", "", Concept(source: Long(600_000)), 400, "source"),
            new("600 KB background", "", "", Concept(source: "filter", background: Long(600_000)), 400, "background"),
            new("a name with a direction override", "", "", Concept(name: "dog\u202Etac"), 400, "name"),
            new("a name with a direction isolate", "", "", Concept(name: "dog\u2067cat"), 400, "name"),
            new("a name with a zero-width space", "", "", Concept(name: "dog\u200Bcat"), 400, "name"),
            new("a name with a line break", "", "", Concept(name: "dog\ncat"), 400, "name"),
            new("a name with a NUL", "", "", Concept(name: "dog\0cat"), 400, "name"),
            new("a description with a bell", "", "", Concept(description: "ding\u0007"), 400, "description"),
            new("a description with a direction override", "", "", Concept(description: "line one\nline \u202Eowt"), 400, "description"),
        }
        select request with { Method = endpoint.Item1, Path = endpoint.Item2 };

    static IEnumerable<HostileRequest> Experiments => new HostileRequest[]
    {
        new("learning rate NaN as a string", "", "", Codebook(new { learningRate = "NaN" }), 400, "$.parameters.learningRate"),
        new("learning rate Infinity as a string", "", "", Codebook(new { learningRate = "Infinity" }), 400, "$.parameters.learningRate"),
        new("learning rate 1e308", "", "", Codebook(new { learningRate = 1e308 }), 400, "parameters.learningRate"),
        new("learning rate -1", "", "", Codebook(new { learningRate = -1 }), 400, "parameters.learningRate"),
        new("temperature 1e-308", "", "", Codebook(new { temperature = 1e-308 }), 400, "parameters.temperature"),
        new("temperature 1e308", "", "", Codebook(new { temperature = 1e308 }), 400, "parameters.temperature"),
        new("steps -1", "", "", Codebook(new { steps = -1 }), 400, "parameters.steps"),
        new("steps beyond int", "", "", Codebook(new { steps = 99999999999999999999m }), 400, "$.parameters.steps"),
        new("seed 1e308", "", "", Codebook(new { seed = 1e308 }), 400, "$.parameters.seed"),
        new("seed -1", "", "", Codebook(new { seed = -1 }), 400, "parameters.seed"),
        new("int.MaxValue images", "", "", Codebook(new { imagesPerConcept = int.MaxValue }), 400, "parameters.imagesPerConcept"),
        new("100,000 copies of one region cell", "", "", Codebook(new { region = Enumerable.Repeat(0, 100_000) }), 400, "parameters.region"),
        new("region of strings", "", "", Codebook(new { region = new[] { "a" } }), 400, "$.parameters.region"),
        new("extractor null", "", "", Codebook(new { extractor = (string?)null }), 400, "parameters.extractor"),
        new("300 KB extractor", "", "", Codebook(new { extractor = Long(300_000) }), 400, "parameters.extractor"),
        new("300 KB TIS method", "", "", Codebook(new { tisMethod = Long(300_000) }), 400, "parameters.tisMethod"),
        new("300 KB source concept", "", "", Codebook(new { sourceConceptId = Long(300_000) }), 400, "parameters.sourceConceptId"),
        new("300 KB method", "", "", Json(new { name = "x", method = Long(300_000), conceptIds = new[] { "{a}", "{b}" } }), 400, "method"),
        new("300-character name", "", "", Json(new { name = Long(300), method = "sample-level", conceptIds = new[] { "{a}", "{b}" } }), 400, "name"),
        new("a name with a direction override", "", "", Json(new { name = "run\u202E1", method = "sample-level", conceptIds = new[] { "{a}", "{b}" } }), 400, "name"),
        new("a name with a tab", "", "", Json(new { name = "run\t1", method = "sample-level", conceptIds = new[] { "{a}", "{b}" } }), 400, "name"),
        new("an unknown concept", "", "", Json(new { name = "x", method = "sample-level", conceptIds = new[] { "{a}", "nope" } }), 400, "conceptIds[1]"),
        new("a 300 KB concept id", "", "", Json(new { name = "x", method = "sample-level", conceptIds = new[] { "{a}", Long(300_000) } }), 400, "conceptIds[1]"),
        new("20,000 concept ids", "", "", Json(new { name = "x", method = "sample-level", conceptIds = Enumerable.Range(0, 20_000).Select(i => $"c{i}") }), 400, "conceptIds"),
        new("concept ids as a string", "", "", Json(new { name = "x", method = "sample-level", conceptIds = "{a}" }), 400, "$.conceptIds"),
        // Numbers a method does not use are stored all the same: 1E400 reads as infinity, which no JSON answer can hold.
        new("sample level, learning rate 1E400", "", "", Spec("sample-level", """{"learningRate": 1E400}"""), 400, "parameters.learningRate"),
        new("sample level, learning rate -1E400", "", "", Spec("sample-level", """{"learningRate": -1E400}"""), 400, "parameters.learningRate"),
        new("evaluation, temperature 1E400", "", "", Spec("evaluation", """{"temperature": 1E400}"""), 400, "parameters.temperature"),
        new("concept level, temperature 1e-400", "", "", Spec("concept-level", """{"temperature": 1e-400}"""), 400, "parameters.temperature"),
        new("shortcut review, learning rate 1e308", "", "", Spec("shortcut-review", """{"learningRate": 1e308}"""), 400, "parameters.learningRate"),
        new("sample level, steps 0", "", "", Spec("sample-level", """{"steps": 0}"""), 400, "parameters.steps"),
        new("evaluation, decode every -1", "", "", Spec("evaluation", """{"decodeEvery": -1}"""), 400, "parameters.decodeEvery"),
        new("concept level, source image -1", "", "", Spec("concept-level", """{"sourceImage": -1}"""), 400, "parameters.sourceImage"),
        new("sample level, a region off the grid", "", "", Spec("sample-level", """{"region": [100000]}"""), 400, "parameters.region"),
    }.Select(r => r with { Method = "POST", Path = "/api/experiments" });

    static IEnumerable<HostileRequest> Annotations => new HostileRequest[]
    {
        new("5000-character text", "", "", Json(new { target = "experiment", text = Long(5000) }), 400, "text"),
        new("text with a direction override", "", "", Json(new { target = "experiment", text = "fine\u202E" }), 400, "text"),
        new("text with an escape sequence", "", "", Json(new { target = "experiment", text = "\u001B[31mred" }), 400, "text"),
        new("text with a lone carriage return", "", "", Json(new { target = "experiment", text = "over\rwritten" }), 400, "text"),
        new("300 KB target", "", "", Json(new { target = Long(300_000), text = "x" }), 400, "target"),
        new("token id -1", "", "", Json(new { target = "token", tokenId = -1, text = "x" }), 400, "tokenId"),
        new("token id beyond long", "", "", """{"target": "token", "tokenId": 1e30, "text": "x"}""", 400, "$.tokenId"),
        new("position 1e9", "", "", Json(new { target = "position", position = 1_000_000_000, imageIndex = 0, text = "x" }), 400, "position"),
        new("image index -1", "", "", Json(new { target = "position", position = 0, imageIndex = -1, text = "x" }), 400, "imageIndex"),
        new("an unknown finding", "", "", Json(new { target = "finding", findingId = "nope", text = "x" }), 400, "findingId"),
        new HostileRequest("an unknown experiment", "", "", Json(new { target = "experiment", text = "x" }), 404, "There is no experiment with id 'nope'") with { Path = "/api/experiments/nope/annotations" },
    }.Select(r => r with { Method = "POST", Path = r.Path == "" ? "/api/experiments/{experiment}/annotations" : r.Path });

    static IEnumerable<HostileRequest> TokenNotes => new HostileRequest[]
    {
        new("5000-character text", "POST", "/api/models/builtin/codebook/3/annotations", Json(new { text = Long(5000) }), 400, "text"),
        new("text with an escape sequence", "POST", "/api/models/builtin/codebook/3/annotations", Json(new { text = "\u001B[31mred" }), 400, "text"),
        new("a token past the codebook", "POST", "/api/models/builtin/codebook/512/annotations", Json(new { text = "x" }), 400, "tokenId"),
        new("an unknown model", "POST", "/api/models/nope/codebook/3/annotations", Json(new { text = "x" }), 404, "'nope'"),
        new("text of a number", "POST", "/api/models/builtin/codebook/3/annotations", """{"text": 5}""", 400, "$.text"),
        new("a reply to an unknown annotation", "POST", "/api/annotations/nope/replies", Json(new { text = "x" }), 404, "'nope'"),
        new("an edit of an unknown annotation", "PATCH", "/api/annotations/nope", Json(new { text = "x" }), 404, "'nope'"),
    };

    static IEnumerable<HostileRequest> TokenLabels => new HostileRequest[]
    {
        new("a 41-character label", "PUT", "/api/models/builtin/codebook/3/label", Json(new { label = Long(41) }), 400, "label"),
        new("a 600 KB label", "PUT", "/api/models/builtin/codebook/3/label", Json(new { label = Long(600_000) }), 400, "label"),
        new("a label with a line break", "PUT", "/api/models/builtin/codebook/3/label", Json(new { label = "blue\nsky" }), 400, "label"),
        new("a label with a NUL", "PUT", "/api/models/builtin/codebook/3/label", Json(new { label = "blue\0sky" }), 400, "label"),
        new("a label with a direction override", "PUT", "/api/models/builtin/codebook/3/label", Json(new { label = "sky\u202E" }), 400, "label"),
        new("a label with an escape sequence", "PUT", "/api/models/builtin/codebook/3/label", Json(new { label = "\u001B[31mred" }), 400, "label"),
        new("a blank label", "PUT", "/api/models/builtin/codebook/3/label", Json(new { label = "  " }), 400, "label"),
        new("no label", "PUT", "/api/models/builtin/codebook/3/label", "{}", 400, "label"),
        new("a label of a number", "PUT", "/api/models/builtin/codebook/3/label", """{"label": 5}""", 400, "$.label"),
        new("a token past the codebook", "PUT", "/api/models/builtin/codebook/512/label", Json(new { label = "x" }), 404, "'512'"),
        new("a negative token", "PUT", "/api/models/builtin/codebook/-1/label", Json(new { label = "x" }), 404, "'-1'"),
        new("a token beyond long", "PUT", "/api/models/builtin/codebook/99999999999999999999/label", Json(new { label = "x" }), 404, "Nothing is served at PUT"),
        new("a token that is no number", "PUT", "/api/models/builtin/codebook/abc/label", Json(new { label = "x" }), 404, "Nothing is served at PUT"),
        new("an unknown model", "PUT", "/api/models/nope/codebook/3/label", Json(new { label = "x" }), 404, "'nope'"),
        new("an unknown model", "DELETE", "/api/models/nope/codebook/3/label", null, 404, "'nope'"),
        new("a token past the codebook", "DELETE", "/api/models/builtin/codebook/512/label", null, 404, "'512'"),
        new("a 1500-character model id", "DELETE", $"/api/models/{Long(1500)}/codebook/3/label", null, 404, "There is no model"),
        new("an unknown model", "GET", "/api/models/nope/codebook/labels", null, 404, "'nope'"),
    };

    static IEnumerable<HostileRequest> ShareLinks => new HostileRequest[]
    {
        new("an expiry of 0 days", "", "", Json(new { expiresInDays = 0 }), 400, "expiresInDays"),
        new("an expiry of a billion days", "", "", Json(new { expiresInDays = 1_000_000_000 }), 400, "expiresInDays"),
        new("an expiry beyond int", "", "", """{"expiresInDays": 1e30}""", 400, "$.expiresInDays"),
        new("an expiry as text", "", "", Json(new { expiresInDays = "soon" }), 400, "$.expiresInDays"),
        new HostileRequest("an unknown experiment", "", "", Json(new { expiresInDays = 1 }), 404, "There is no experiment with id 'nope'") with { Path = "/api/experiments/nope/share-links" },
    }.Select(r => r with { Method = "POST", Path = r.Path == "" ? "/api/experiments/{experiment}/share-links" : r.Path });

    static IEnumerable<HostileRequest> Findings => new HostileRequest[]
    {
        new("an unknown experiment", "POST", "/api/findings", Json(new { experimentId = "nope", conceptId = "{a}", title = "t", tokens = new[] { 1 } }), 400, "experimentId"),
        new("300-character title", "POST", "/api/findings", Finding(title: Long(300)), 400, "title"),
        new("5000-character comment", "POST", "/api/findings", Finding(comment: Long(5000)), 400, "comment"),
        new("a title with a line break", "POST", "/api/findings", Finding(title: "one\ntwo"), 400, "title"),
        new("a title with a direction override", "POST", "/api/findings", Finding(title: "\u202Edesrever"), 400, "title"),
        new("a comment with a bell", "POST", "/api/findings", Finding(comment: "ding\u0007"), 400, "comment"),
        new("2000 tokens", "POST", "/api/findings", Finding(tokens: Enumerable.Range(0, 2000)), 400, "tokens"),
        new("a negative token", "POST", "/api/findings", Finding(tokens: [-1]), 400, "tokens"),
        new("tokens of strings", "POST", "/api/findings", Json(new { experimentId = "{experiment}", conceptId = "{a}", title = "t", tokens = new[] { "a" } }), 400, "$.tokens"),
        new("300 KB status", "PATCH", "/api/findings/{finding}", Json(new { status = Long(300_000) }), 400, "status"),
        new("5000-character comment", "PATCH", "/api/findings/{finding}", Json(new { comment = Long(5000) }), 400, "comment"),
        new("a comment with a direction isolate", "PATCH", "/api/findings/{finding}", Json(new { comment = "ok\u2066" }), 400, "comment"),
        new("nothing to change", "PATCH", "/api/findings/{finding}", "{}", 400, "status"),
        new("an unknown finding", "PATCH", "/api/findings/nope", Json(new { status = "open" }), 404, "There is no finding with id 'nope'"),
    };

    static IEnumerable<HostileRequest> Models => new HostileRequest[]
    {
        new("300-character name", "", "", Json(new { name = Long(300), path = "x.ckpt" }), 400, "name"),
        new("a path climbing out", "", "", Json(new { name = "m", path = "../../etc/passwd" }), 400, "path"),
        new("an absolute path elsewhere", "", "", Json(new { name = "m", path = "/etc/passwd" }), 400, "path"),
        new("a 600 KB path", "", "", Json(new { name = "m", path = Long(600_000) }), 400, "path"),
        new("a 600 KB evaluator path", "", "", Json(new { name = "m", path = "x.ckpt", evaluators = new[] { new { path = Long(600_000) } } }), 400, "evaluators[0].path"),
        new("100 evaluators", "", "", Json(new { name = "m", path = "x.ckpt", evaluators = Enumerable.Repeat(new { path = "e.pt" }, 100) }), 400, "evaluators"),
        new("temperature NaN as a string", "", "", """{"name": "m", "path": "x.ckpt", "temperature": "NaN"}""", 400, "$.temperature"),
        new("temperature 1e308", "", "", Json(new { name = "m", path = "x.ckpt", temperature = 1e308 }), 400, "temperature"),
        new("top-k -1", "", "", Json(new { name = "m", path = "x.ckpt", topK = -1 }), 400, "topK"),
        new("a NUL in the path", "", "", Json(new { name = "m", path = $"{TamingModels.Transformer}\0.txt" }), 400, "path"),
        new("a NUL in the config", "", "", Json(new { name = "m", path = TamingModels.Transformer, config = "\0" }), 400, "config"),
        new("a NUL in an evaluator path", "", "", Json(new { name = "m", path = TamingModels.Transformer, evaluators = new[] { new { path = "judges/\0" } } }), 400, "evaluators[0].path"),
        new("a NUL in an evaluator config", "", "", Json(new { name = "m", path = TamingModels.Transformer, evaluators = new[] { new { path = TamingModels.Evaluator, config = "a\0b" } } }),
            400, "evaluators[0].config"),
        new("a YAML config nested 100,000 deep", "", "", Json(new { name = "m", path = TamingModels.Transformer, config = HostileModelFiles.DeepYaml }), 400, "config"),
        new("an evaluator config nested 100,000 deep", "", "", Json(new { name = "m", path = TamingModels.Transformer, config = TamingModels.TransformerConfig,
            evaluators = new[] { new { path = TamingModels.Evaluator, config = HostileModelFiles.DeepJson } } }), 400, "evaluators[0].config"),
        new("an evaluator named in 5 MB", "", "", Json(new { name = "m", path = TamingModels.Transformer, config = TamingModels.TransformerConfig,
            evaluators = new[] { new { path = TamingModels.Evaluator, config = HostileModelFiles.HugeName } } }), 400, "evaluators[0].config"),
        new("an evaluator name that reads backwards", "", "", Json(new { name = "m", path = TamingModels.Transformer, config = TamingModels.TransformerConfig,
            evaluators = new[] { new { path = TamingModels.Evaluator, config = HostileModelFiles.BidiName } } }), 400, "evaluators[0].config"),
        new("a model name that reads backwards", "", "", Json(new { name = "tiny\u202Eevil", path = TamingModels.Transformer }), 400, "name"),
        new("temperature 1e-320", "", "", Json(new { name = "m", path = TamingModels.Transformer, config = TamingModels.TransformerConfig, temperature = 1e-320 }), 400, "temperature"),
        new("heads 0", "", "", Json(new { name = "m", path = TamingModels.Transformer, heads = 0 }), 400, "heads"),
        new("resolution int.MaxValue", "", "", Json(new { name = "m", path = TamingModels.Vqgan, resolution = int.MaxValue }), 400, "resolution"),
    }.Select(r => r with { Method = "POST", Path = "/api/models" });

    static IEnumerable<HostileRequest> Accounts => new HostileRequest[]
    {
        new("a 300-character key name", "POST", "/api/account/keys", Json(new { name = Long(300) }), 400, "name"),
        new("a key without a name", "POST", "/api/account/keys", "{}", 400, "name"),
        new("a key name with a direction override", "POST", "/api/account/keys", Json(new { name = "laptop\u202E" }), 400, "name"),
        new("a key name with a line break", "POST", "/api/account/keys", Json(new { name = "lap\ntop" }), 400, "name"),
        new("a user name with a direction override", "POST", "/api/users", Json(new { name = "nina\u202E", password = "long enough password", role = "viewer" }), 400, "name"),
        new("a 300 KB user name", "POST", "/api/users", Json(new { name = Long(300_000), password = "long enough password", role = "viewer" }), 400, "name"),
        new("a short password", "POST", "/api/users", Json(new { name = "nina", password = "short", role = "viewer" }), 400, "password"),
        new("a 300 KB password", "POST", "/api/users", Json(new { name = "nina", password = Long(300_000), role = "viewer" }), 400, "password"),
        new("an unknown role", "POST", "/api/users", Json(new { name = "nina", password = "long enough password", role = "owner" }), 400, "role"),
        new("a role by number", "POST", "/api/users", Json(new { name = "nina", password = "long enough password", role = "4" }), 400, "role"),
        new("no administrator flag", "PATCH", "/api/users/tester", "{}", 400, "administrator"),
        new("an unknown user", "PATCH", "/api/users/nope", Json(new { administrator = true }), 404, "There is no user with id 'nope'"),
        new("a 300-character workspace name", "POST", "/api/workspaces", Json(new { name = Long(300) }), 400, "name"),
        new("a workspace name of punctuation", "POST", "/api/workspaces", Json(new { name = "!!!" }), 400, "name"),
        new("a workspace name with a direction override", "POST", "/api/workspaces", Json(new { name = "lab\u202E" }), 400, "name"),
        new("a workspace name with a zero-width joiner", "POST", "/api/workspaces", Json(new { name = "la\u200Db" }), 400, "name"),
        new("an unknown account as member", "PUT", "/api/members/nobody", Json(new { role = "viewer" }), 400, "name"),
        new("an unknown member role", "PUT", "/api/members/tester", Json(new { role = "owner" }), 400, "role"),
        new("an unknown member", "DELETE", "/api/members/nobody", null, 404, "nobody"),
    };

    static IEnumerable<HostileRequest> UnknownIds =>
        Actions.Select(action => new HostileRequest("an unknown experiment, with a stray body", "POST", $"/api/experiments/nope/{action}", "garbage", 404, "'nope'"))
        .Concat(
        [
            new("an unknown concept", "PUT", "/api/concepts/nope", Concept(), 404, "There is no concept with id 'nope'"),
            new("an unknown concept", "DELETE", "/api/concepts/nope", null, 404, "'nope'"),
            new("an unknown experiment", "DELETE", "/api/experiments/nope", null, 404, "'nope'"),
            new("an unknown finding", "DELETE", "/api/findings/nope", null, 404, "'nope'"),
            new("an unknown annotation", "DELETE", "/api/experiments/{experiment}/annotations/nope", null, 404, "'nope'"),
            new("an unknown concept", "POST", "/api/concepts/nope/images", Multipart("--x--\r\n"), 404, "'nope'", ContentType: "multipart/form-data; boundary=x"),
            new("a form cut off before its end", "POST", "/api/concepts/{a}/images", Multipart(""), 400, "stops before its closing boundary",
                ContentType: "multipart/form-data; boundary=x"),
            new("a form without its boundary", "POST", "/api/concepts/{a}/images", Multipart("--x--\r\n"), 400, "Missing content-type boundary",
                ContentType: "multipart/form-data"),
            new("an image index beyond int", "DELETE", "/api/concepts/{a}/images/99999999999", null, 404, "Nothing is served at DELETE"),
            new("a page that is no number", "GET", "/api/experiments?page=abc", null, 400, "page"),
            new("a page size of a billion", "GET", "/api/experiments?pageSize=1000000000", null, 400, "page"),
        ]);

    static string Concept(string name = "x", string? description = null, string? className = "red circle", string? modelId = null, string source = "generated",
        string? background = null) =>
        Json(new { name, description, className, modelId, source, background });

    /// <summary>A codebook-level request between {a} and {b} that is valid but for <paramref name="parameters"/>.</summary>
    static string Codebook(object parameters)
    {
        var merged = JsonSerializer.SerializeToNode(new { imagesPerConcept = 8, sourceConceptId = "{a}", targetConceptId = "{b}" })!.AsObject();
        foreach (var (key, value) in JsonSerializer.SerializeToNode(parameters)!.AsObject()) merged[key] = value?.DeepClone();
        return Json(new { name = "x", method = "codebook-level", conceptIds = new[] { "{a}", "{b}" }, parameters = merged });
    }

    /// <summary>A request of <paramref name="method"/> between {a} and {b} with raw JSON <paramref name="parameters"/> (1E400 has no .NET value to serialize).</summary>
    static string Spec(string method, string parameters) =>
        $$"""{"name": "x", "method": "{{method}}", "conceptIds": ["{a}", "{b}"], "parameters": {{parameters}}}""";

    static string Finding(string title = "t", string? comment = null, IEnumerable<int>? tokens = null) =>
        Json(new { experimentId = "{experiment}", conceptId = "{a}", title, comment, tokens = tokens ?? [1] });

    static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>A form with one file part, then <paramref name="end"/>: the closing boundary, or nothing for a cut-off upload.</summary>
    static string Multipart(string end) =>
        "--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\nContent-Type: application/octet-stream\r\n\r\nnot a png\r\n" + end;

    static string Long(int length) => new('x', length);
}
