using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Accounts;
using Cortex.Server.Cli;
using Cortex.Server.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Cli;

/// <summary><c>cortex users</c> as a person runs it on a stopped server: the password through a pipe, then the accounts work on the server.</summary>
public sealed class UsersVerbTests : IDisposable
{
    const string Password = "a long enough password";
    readonly string _data = Directory.CreateTempSubdirectory("cortex-users-").FullName;

    // A server started on the directory deletes it when it stops.
    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Accounts_and_keys_made_on_the_command_line_sign_in_to_the_server()
    {
        var added = await CortexProcess.RunWithInputAsync(Password + "\n", "users", "add", "--admin", "--name", "alice", "--api-key", "laptop", "--data", _data);
        Assert.True(added.ExitCode == ExitCodes.Success, added.Error);
        Assert.Contains("Created alice (server administrator).", added.Output);
        var laptopKey = added.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(AccountService.KeyPrefix, StringComparison.Ordinal));

        var reviewer = await CortexProcess.RunWithInputAsync(Password + "\n", "users", "add", "--name", "rita", "--role", "reviewer", "--data", _data);
        Assert.True(reviewer.ExitCode == ExitCodes.Success, reviewer.Error);
        var listed = await CortexProcess.RunAsync("users", "list", "--data", _data);
        Assert.Contains("alice\tserver administrator", listed.Output);
        Assert.Contains("rita\treviewer in default", listed.Output);
        var key = await CortexProcess.RunAsync("users", "key", "--name", "rita", "--api-key", "ci", "--data", _data);
        Assert.True(key.ExitCode == ExitCodes.Success, key.Error);
        var ritaKey = key.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(AccountService.KeyPrefix, StringComparison.Ordinal));

        await using var server = await ServerFixture.StartAsync(_data);
        using var alice = server.ClientWith(laptopKey);
        Assert.Equal("admin", (await alice.GetFromJsonAsync<JsonObject>("/api/account"))!["role"]!.GetValue<string>());
        using var rita = server.ClientWith(ritaKey);
        Assert.Equal("rita", (await rita.GetFromJsonAsync<JsonObject>("/api/account"))!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.GetAsync("/api/users")).StatusCode);
        // The password went in hashed and signs in.
        Assert.NotNull(server.Services.GetRequiredService<AccountService>().Verify("alice", Password));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_and_creates_nothing()
    {
        var shortPassword = await CortexProcess.RunWithInputAsync("short\n", "users", "add", "--name", "bob", "--data", _data);
        Assert.NotEqual(ExitCodes.Success, shortPassword.ExitCode);
        Assert.Contains("password", shortPassword.Error, StringComparison.OrdinalIgnoreCase);
        var badRole = await CortexProcess.RunWithInputAsync(Password + "\n", "users", "add", "--name", "bob", "--role", "boss", "--data", _data);
        Assert.NotEqual(ExitCodes.Success, badRole.ExitCode);
        Assert.Contains("--role", badRole.Error);
        var noInput = await CortexProcess.RunWithInputAsync("", "users", "add", "--name", "bob", "--data", _data);
        Assert.NotEqual(ExitCodes.Success, noInput.ExitCode);
        Assert.Contains("standard input", noInput.Error);
        var unknown = await CortexProcess.RunAsync("users", "key", "--name", "nobody", "--api-key", "x", "--data", _data);
        Assert.NotEqual(ExitCodes.Success, unknown.ExitCode);
        Assert.DoesNotContain("bob", (await CortexProcess.RunAsync("users", "list", "--data", _data)).Output);
    }
}
