using Cortex.Web.Services;
using LiteDB;

namespace Cortex.Server.Storage;

/// <summary>
/// Schema v4: workspaces. Everything stored so far moves into the default workspace, and each account's
/// server-wide role becomes its role there; the admins of before stay server administrators. Works on raw
/// documents, because the typed ones no longer have the server-wide role.
/// </summary>
public static class WorkspaceMigration
{
    static readonly string[] Owned = ["concepts", "experiments", "findings", "annotations"];

    public static void Apply(LiteDatabase database)
    {
        var now = DateTime.UtcNow;
        database.GetCollection("workspaces").Upsert(new BsonDocument
        {
            ["_id"] = Workspaces.DefaultId, ["Name"] = Workspaces.DefaultName, ["CreatedAt"] = now, ["CreatedBy"] = "cortex",
        });
        var memberships = database.GetCollection("memberships");
        var users = database.GetCollection("users");
        foreach (var user in users.FindAll().ToList())
        {
            var role = user["Role"].IsString ? user["Role"].AsString : nameof(Role.Viewer);
            var id = user["_id"].AsString;
            memberships.Upsert(new BsonDocument
            {
                ["_id"] = Accounts.MembershipDocument.IdOf(Workspaces.DefaultId, id), ["WorkspaceId"] = Workspaces.DefaultId, ["UserId"] = id,
                ["Role"] = role, ["AddedAt"] = now, ["AddedBy"] = "cortex",
            });
            user["IsAdministrator"] = role == nameof(Role.Admin);
            user.Remove("Role");
            users.Update(user);
        }
        memberships.EnsureIndex("UserId", "$.UserId");
        memberships.EnsureIndex("WorkspaceId", "$.WorkspaceId");
        foreach (var name in Owned)
        {
            var collection = database.GetCollection(name);
            foreach (var document in collection.FindAll().ToList())
            {
                document["WorkspaceId"] = Workspaces.DefaultId;
                collection.Update(document);
            }
            collection.EnsureIndex("WorkspaceId", "$.WorkspaceId");
        }
    }
}
