using Cortex.Server.Accounts;
using Cortex.Server.Storage;
using Cortex.Web.Services;
using LiteDB;

namespace Cortex.Server.Tests.Accounts;

/// <summary>A data file from before workspaces (schema v3) opens with everything in the default workspace and each account's old role as its role there.</summary>
public sealed class WorkspaceMigrationTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("cortex-migration-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_v3_file_moves_into_the_default_workspace_and_its_admins_become_administrators()
    {
        using (var old = new LiteDatabase(new ConnectionString { Filename = Path.Combine(_data, CortexDatabase.FileName), Connection = ConnectionType.Direct }))
        {
            old.GetCollection("users").Insert(new BsonDocument { ["_id"] = "old", ["Name"] = "Old", ["PasswordHash"] = "x", ["Role"] = "Admin" });
            old.GetCollection("users").Insert(new BsonDocument { ["_id"] = "vic", ["Name"] = "Vic", ["PasswordHash"] = "x", ["Role"] = "Reviewer" });
            old.GetCollection("concepts").Insert(new BsonDocument { ["_id"] = "c1", ["Name"] = "blue", ["ModelId"] = "builtin", ["Source"] = "Generated" });
            old.GetCollection("experiments").Insert(new BsonDocument { ["_id"] = "e1", ["Name"] = "run", ["ModelId"] = "builtin", ["Status"] = "Succeeded" });
            old.GetCollection("findings").Insert(new BsonDocument { ["_id"] = "f1", ["ExperimentId"] = "e1", ["ConceptId"] = "c1", ["Title"] = "t", ["Status"] = "Open" });
            old.GetCollection("annotations").Insert(new BsonDocument { ["_id"] = "a1", ["ExperimentId"] = "e1", ["Text"] = "note", ["Target"] = "Experiment" });
            old.UserVersion = 3;
        }

        using var database = CortexDatabase.Open(_data);

        Assert.Equal(Migrations.Latest, database.SchemaVersion);
        Assert.Equal(Workspaces.DefaultName, database.Workspaces.FindById(Workspaces.DefaultId)!.Name);
        Assert.Equal([("old", Role.Admin), ("vic", Role.Reviewer)],
            database.Memberships.Find(m => m.WorkspaceId == Workspaces.DefaultId).Select(m => (m.UserId, m.Role)).Order());
        Assert.True(database.Users.FindById("old")!.IsAdministrator);
        Assert.False(database.Users.FindById("vic")!.IsAdministrator);
        // Queried in the file, not defaulted by the mapper: the field is stored.
        Assert.Equal("c1", database.Concepts.FindOne(c => c.WorkspaceId == Workspaces.DefaultId)?.Id);
        Assert.Equal("e1", database.Experiments.FindOne(e => e.WorkspaceId == Workspaces.DefaultId)?.Id);
        Assert.Equal("f1", database.Findings.FindOne(f => f.WorkspaceId == Workspaces.DefaultId)?.Id);
        Assert.Equal("a1", database.Annotations.FindOne(a => a.WorkspaceId == Workspaces.DefaultId)?.Id);
        Assert.False(await AccountService.Outside(database).NeedsSetupAsync());
        Assert.Equal([(Workspaces.DefaultId, Role.Reviewer)], new WorkspaceService(database, new AuditLog(database, TimeProvider.System), TimeProvider.System).Mine("vic").Select(w => (w.Id, w.Role)));
    }
}
