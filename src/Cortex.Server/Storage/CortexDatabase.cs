using Cortex.Server.Options;
using LiteDB;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Storage;

/// <summary>
/// The one LiteDB data file (<c>cortex.db</c> in the data directory): collections of small documents
/// plus file storage for arrays and images, referenced by id. The schema version lives in the file's
/// user version and moves forward through <see cref="Migrations"/> at open.
/// </summary>
public sealed class CortexDatabase : IDisposable
{
    public const string FileName = "cortex.db";

    readonly LiteDatabase _database;

    public CortexDatabase(IOptions<CortexOptions> options)
    {
        var directory = System.IO.Path.GetFullPath(options.Value.DataDirectory);
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, FileName);
        _database = new LiteDatabase(new ConnectionString { Filename = Path, Connection = ConnectionType.Direct }, PreparedMapper.For(typeof(CortexDatabase)));
        Migrations.Apply(_database);
    }

    /// <summary>The database of a data directory, outside a host (command-line verbs, benchmarks, tests).</summary>
    public static CortexDatabase Open(string dataDirectory) =>
        new(Microsoft.Extensions.Options.Options.Create(new CortexOptions { DataDirectory = dataDirectory }));

    public string Path { get; }
    public ILiteCollection<StoredModel> Models => _database.GetCollection<StoredModel>("models");
    public ILiteCollection<StoredConcept> Concepts => _database.GetCollection<StoredConcept>("concepts");
    public ILiteCollection<StoredExperiment> Experiments => _database.GetCollection<StoredExperiment>("experiments");
    public ILiteCollection<StoredAnnotation> Annotations => _database.GetCollection<StoredAnnotation>("annotations");
    public ILiteCollection<StoredFinding> Findings => _database.GetCollection<StoredFinding>("findings");
    public ILiteCollection<TokenLabelDocument> TokenLabels => _database.GetCollection<TokenLabelDocument>("token_labels");
    public ILiteCollection<Accounts.UserDocument> Users => _database.GetCollection<Accounts.UserDocument>("users");
    public ILiteCollection<Accounts.ApiKeyDocument> ApiKeys => _database.GetCollection<Accounts.ApiKeyDocument>("api_keys");
    public ILiteCollection<Accounts.AuditDocument> Audit => _database.GetCollection<Accounts.AuditDocument>("audit");
    public ILiteCollection<Accounts.ShareLinkDocument> ShareLinks => _database.GetCollection<Accounts.ShareLinkDocument>("share_links");
    public ILiteCollection<Accounts.WorkspaceDocument> Workspaces => _database.GetCollection<Accounts.WorkspaceDocument>("workspaces");
    public ILiteCollection<Accounts.MembershipDocument> Memberships => _database.GetCollection<Accounts.MembershipDocument>("memberships");
    public ILiteStorage<string> Files => _database.FileStorage;

    /// <summary>The kinds of document a workspace holds by id, as <see cref="WorkspaceOf"/> names them.</summary>
    public static readonly string[] WorkspaceKinds = ["experiment", "concept", "finding"];

    /// <summary>The workspace that holds an experiment, concept or finding (<paramref name="kind"/>); null for an unknown id or kind.</summary>
    public string? WorkspaceOf(string kind, string id) => kind switch
    {
        "experiment" => Experiments.FindById(id)?.WorkspaceId,
        "concept" => Concepts.FindById(id)?.WorkspaceId,
        "finding" => Findings.FindById(id)?.WorkspaceId,
        _ => null,
    };
    public int SchemaVersion => _database.UserVersion;

    /// <summary>
    /// Runs <paramref name="work"/> as one transaction on the calling thread: all its writes are stored,
    /// or none after a failure or a crash midway. Without one LiteDB commits every write on its own, and
    /// storing a file is two writes (its chunks, then its entry): a crash between them leaves chunks
    /// that make every later upload under the same id fail with a duplicate key.
    /// </summary>
    public T InTransaction<T>(Func<T> work)
    {
        if (!_database.BeginTrans()) throw new InvalidOperationException("A transaction is already open on this thread.");
        try
        {
            var result = work();
            _database.Commit();
            return result;
        }
        catch
        {
            _database.Rollback();
            throw;
        }
    }

    public void Dispose() => _database.Dispose();
}

/// <summary>Schema migrations, applied in order; a database newer than this Cortex is refused.</summary>
public static class Migrations
{
    static readonly IReadOnlyList<Action<LiteDatabase>> Steps =
    [
        // v1: indexes that the queue, the lists and the lookups use.
        database =>
        {
            var experiments = database.GetCollection<StoredExperiment>("experiments");
            experiments.EnsureIndex(e => e.Status);
            experiments.EnsureIndex(e => e.CreatedAt);
            database.GetCollection<StoredAnnotation>("annotations").EnsureIndex(a => a.ExperimentId);
            database.GetCollection<StoredFinding>("findings").EnsureIndex(f => f.ExperimentId);
            database.GetCollection<StoredConcept>("concepts").EnsureIndex(c => c.Name);
        },
        // v2: accounts, their keys and the audit trail.
        database =>
        {
            database.GetCollection<Accounts.ApiKeyDocument>("api_keys").EnsureIndex(k => k.UserId);
            database.GetCollection<Accounts.AuditDocument>("audit").EnsureIndex(a => a.TargetId);
        },
        // v3: public share links, found by their token's hash.
        database =>
        {
            var links = database.GetCollection<Accounts.ShareLinkDocument>("share_links");
            links.EnsureIndex(l => l.TokenHash, unique: true);
            links.EnsureIndex(l => l.ExperimentId);
        },
        WorkspaceMigration.Apply,
        FiniteNumberMigration.Apply,
        RunHeadlineMigration.Apply,
    ];

    public static int Latest => Steps.Count;

    public static void Apply(LiteDatabase database)
    {
        var version = database.UserVersion;
        if (version > Latest)
            throw new InvalidOperationException($"The data file has schema version {version}; this Cortex knows up to {Latest}. Use a newer Cortex or another data directory.");
        for (; version < Latest; version++)
        {
            Steps[version](database);
            database.UserVersion = version + 1;
        }
    }
}
