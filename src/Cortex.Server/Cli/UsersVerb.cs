using System.CommandLine;
using Cortex.Server.Accounts;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Cli;

/// <summary>
/// <c>cortex users add|list|key</c>: accounts straight in a data directory's database, for the first
/// server administrator (there is no default password) and for scripts. The password is read from standard input,
/// never from the command line where shell history and process lists would keep it. The server holds
/// the database open, so these run while it is stopped.
/// </summary>
public static class UsersVerb
{
    public static Command Create()
    {
        var command = new Command("users", "Create accounts, list them, or give one an API key (with the server stopped).");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Key());
        return command;
    }

    static Option<string> Data() => new("--data") { Description = "Data directory (default: the user's local data folder, as for serve)." };

    static Option<string> Name() => new("--name") { Description = "The account's name.", Required = true };

    static Option<string> KeyLabel(string description) => new("--api-key") { Description = description };

    static Command Add()
    {
        var (data, name, key) = (Data(), Name(), KeyLabel("Also create an API key with this label and print it (shown once)."));
        var role = new Option<string>("--role") { Description = "The role in the workspace: viewer, editor, reviewer or admin.", DefaultValueFactory = _ => "editor" };
        var workspace = new Option<string>("--workspace") { Description = "The workspace the account joins (its id).", DefaultValueFactory = _ => Workspaces.DefaultId };
        var admin = new Option<bool>("--admin") { Description = "A server administrator: accounts, workspaces and models, and admin in every workspace." };
        var command = new Command("add", "Create an account; its password is read from standard input.") { data, name, role, workspace, admin, key };
        command.SetAction((result, _) => CortexCli.Guard(() =>
        {
            var administrator = result.GetValue(admin);
            var chosen = administrator ? Role.Admin : CortexAuth.ParseRole(result.GetValue(role))
                ?? throw new ArgumentException($"--role must be viewer, editor, reviewer or admin, not '{result.GetValue(role)}'.");
            var password = ReadPassword();
            using var database = Open(result.GetValue(data));
            var accounts = Accounts(database);
            var created = accounts.CreateAccount(result.GetValue(name), password, administrator, result.GetValue(workspace)!, chosen, actor: "cortex users add");
            if (!created.Succeeded) throw new ArgumentException(created.Message);
            Console.Out.WriteLine($"Created {created.Value!.Name} ({(administrator ? "server administrator" : $"{chosen.ToString().ToLowerInvariant()} in {result.GetValue(workspace)}")}).");
            if (result.GetValue(key) is { } label) PrintKey(accounts, created.Value.Id, label);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    static Command List()
    {
        var data = Data();
        var command = new Command("list", "List the accounts and their roles in each workspace.") { data };
        command.SetAction((result, _) => CortexCli.Guard(() =>
        {
            using var database = Open(result.GetValue(data));
            foreach (var user in Accounts(database).ListUsersAsync().Result)
            {
                var roles = user.Administrator ? "server administrator"
                    : string.Join(", ", database.Memberships.Find(m => m.UserId == user.Id).OrderBy(m => m.WorkspaceId).Select(m => $"{m.Role.ToString().ToLowerInvariant()} in {m.WorkspaceId}"));
                Console.Out.WriteLine($"{user.Name}\t{(roles.Length == 0 ? "no workspace" : roles)}\tcreated {DisplayTime.Format(user.CreatedAt)} by {user.CreatedBy}");
            }
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    static Command Key()
    {
        var (data, name, key) = (Data(), Name(), KeyLabel("The key's label, e.g. where it is used."));
        key.Required = true;
        var command = new Command("key", "Create an API key for an account and print it (shown once).") { data, name, key };
        command.SetAction((result, _) => CortexCli.Guard(() =>
        {
            using var database = Open(result.GetValue(data));
            var id = result.GetValue(name)!.Trim().ToLowerInvariant();
            if (database.Users.FindById(id) is null) throw new ArgumentException($"There is no account named '{result.GetValue(name)}'.");
            PrintKey(Accounts(database), id, result.GetValue(key)!);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    static void PrintKey(AccountService accounts, string userId, string label)
    {
        var key = accounts.CreateKeyAsync(userId, label).Result;
        if (!key.Succeeded) throw new ArgumentException(key.Message);
        Console.Out.WriteLine(key.Value!.Secret);
    }

    static CortexDatabase Open(string? data)
    {
        var directory = string.IsNullOrWhiteSpace(data) ? new CortexOptions().DataDirectory : data;
        try
        {
            return CortexDatabase.Open(directory);
        }
        catch (IOException e)
        {
            throw new IOException($"The database in {directory} is in use ({e.Message.Split('\n', 2)[0]}); stop the server first.", e);
        }
    }

    static AccountService Accounts(CortexDatabase database) => AccountService.Outside(database);

    /// <summary>The first line of standard input, without echo when a person types it.</summary>
    static string ReadPassword()
    {
        if (Console.IsInputRedirected) return Console.In.ReadLine() ?? throw new ArgumentException("Give the password on standard input.");
        Console.Error.Write("Password: ");
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
            if (key.Key == ConsoleKey.Backspace && typed.Length > 0) typed.Length--;
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        Console.Error.WriteLine();
        return typed.ToString();
    }
}
