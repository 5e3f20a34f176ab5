using System.Diagnostics;

namespace Cortex.Server.Tests.Cli;

/// <summary>
/// What a user sees when TorchSharp's native library cannot load: the executable is laid out again
/// with the library as the TorchSharp package ships it (unpatched). Managed files are copied (the .NET
/// host resolves symbolic links to the application's real folder); the large native libraries are linked.
/// </summary>
public sealed class NativeLoadTests : IDisposable
{
    readonly string _layout = Directory.CreateTempSubdirectory("cortex-unpatched-").FullName;

    [Fact]
    public async Task An_unloadable_native_library_is_one_line_that_names_the_cause_and_the_fix()
    {
        Lay(AppContext.BaseDirectory, _layout);
        var native = Path.Combine(_layout, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        File.Delete(native);
        File.Copy(PackageLibrary(), native);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(_layout, "cortex.dll"));
        start.ArgumentList.Add("model-card");
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        if (SystemHasGcc13LibStdCxx())
        {
            // Nothing needs patching there: the package's own library loads.
            Assert.NotEqual(4, process.ExitCode);
            return;
        }
        Assert.Equal(4, process.ExitCode);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(Path.Combine(_layout, "cpu")), "TorchSharp's fallback copied libtorch into the application folder");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("cortex: ", line);
        Assert.Contains("GLIBCXX_3.4.32", line);
        Assert.Contains("dotnet build", line);
    }

    static bool SystemHasGcc13LibStdCxx() =>
        new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/libstdc++.so.6" }
            .Where(File.Exists).Any(path => File.ReadAllText(path).Contains("GLIBCXX_3.4.32"));

    static void Lay(string source, string target)
    {
        foreach (var directory in Directory.GetDirectories(source))
        {
            var name = Path.GetFileName(directory);
            Directory.CreateDirectory(Path.Combine(target, name));
            Lay(directory, Path.Combine(target, name));
        }
        foreach (var file in Directory.GetFiles(source))
        {
            var copy = Path.Combine(target, Path.GetFileName(file));
            if (file.EndsWith(".so") || file.Contains(".so.")) File.CreateSymbolicLink(copy, file);
            else File.Copy(file, copy);
        }
    }

    static string PackageLibrary()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    public void Dispose() => Directory.Delete(_layout, recursive: true);
}
