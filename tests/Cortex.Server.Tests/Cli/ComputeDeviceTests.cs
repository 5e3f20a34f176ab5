using System.Text.Json.Nodes;

namespace Cortex.Server.Tests.Cli;

/// <summary>
/// Choosing the compute device and the libtorch, as a user does on the command line. CI has no GPU:
/// asking for CUDA must fail with one clear line, and <c>auto</c> must run on CPU. Loading an external
/// libtorch is exercised with the CPU libtorch this build carries, named as a folder, exactly as a
/// PyTorch install's lib folder would be.
/// </summary>
public sealed class ComputeDeviceTests : IDisposable
{
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-device-").FullName;

    static string BundledLibTorch => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    static string Fixture => Path.Combine(AppContext.BaseDirectory, "data", "taming-tiny");

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    public async Task A_device_that_is_no_device_is_one_usage_line(string device)
    {
        var result = await CortexProcess.RunAsync("bench", "--only", "parity", "--reference", Fixture, "--device", device, "--out", Out());
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"cortex: The compute device must be auto, cpu, cuda or cuda:N (N the GPU's index), not '{device}'.", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Cuda_on_the_bundled_cpu_libtorch_says_what_to_do()
    {
        var result = await CortexProcess.RunAsync("bench", "--only", "parity", "--reference", Fixture, "--device", "cuda", "--out", Out());
        Assert.Equal(4, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("cuda:0 was asked for, but the libtorch bundled with Cortex runs on CPU only", line);
        Assert.Contains("--libtorch", line);
        Assert.Empty(Directory.GetFiles(_scratch, "bench.json", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Cuda_from_a_libtorch_folder_without_cuda_libraries_names_them()
    {
        var result = await CortexProcess.RunAsync(new Dictionary<string, string> { ["Compute__Device"] = "cuda:1" },
            "bench", "--only", "parity", "--reference", Fixture, "--libtorch", BundledLibTorch, "--out", Out());
        Assert.Equal(4, result.ExitCode);
        Assert.Contains($"cuda:1 was asked for, but the libtorch in {BundledLibTorch} has no CUDA libraries (libc10_cuda.so, libtorch_cuda.so)", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task A_libtorch_folder_that_is_missing_or_holds_no_libtorch_is_one_line()
    {
        var missing = Path.Combine(_scratch, "nowhere");
        var result = await CortexProcess.RunAsync("bench", "--only", "parity", "--reference", Fixture, "--libtorch", missing, "--out", Out());
        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith($"cortex: The libtorch folder {missing} (Compute:LibTorchDirectory) does not exist.", Assert.Single(result.ErrorLines));

        var empty = Directory.CreateDirectory(Path.Combine(_scratch, "empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "libc10.so"), "not a library");
        result = await CortexProcess.RunAsync(new Dictionary<string, string> { ["Compute__LibTorchDirectory"] = empty },
            "bench", "--only", "parity", "--reference", Fixture, "--out", Out());
        Assert.Equal(4, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"The libtorch folder {empty} (Compute:LibTorchDirectory) lacks libtorch_cpu.so, libtorch.so.", line);
        Assert.Contains("torch.__file__", line);
    }

    [Fact]
    public async Task A_file_that_is_not_a_library_is_named_with_the_loader_s_reason()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_scratch, "broken")).FullName;
        foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" }) File.WriteAllText(Path.Combine(folder, name), "not a library");
        var result = await CortexProcess.RunAsync("bench", "--only", "parity", "--reference", Fixture, "--libtorch", folder, "--out", Out());
        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith($"cortex: {Path.Combine(folder, "libc10.so")} cannot be loaded: {Path.Combine(folder, "libc10.so")}: file too short. ", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Auto_on_an_external_cpu_libtorch_runs_the_fixture_on_cpu_and_says_why()
    {
        var output = Out();
        var result = await CortexProcess.RunAsync("bench", "--only", "parity", "--reference", Fixture, "--libtorch", BundledLibTorch, "--out", output);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"Benchmarking on cpu, libtorch 2.10.0.0 ({BundledLibTorch}),", result.Output);
        Assert.Contains("CPU because the libtorch folder has no CUDA libraries", result.Output);

        var parity = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "bench.json")))!["parity"]!;
        Assert.Equal("cpu", (string)parity["device"]!);
        var entries = parity["entries"]!.AsArray();
        Assert.Equal(7, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.True((bool)e!["holds"]!, e.ToJsonString());
            // The same device twice: the two runs agree bit for bit.
            Assert.Equal(0, (double)e["device_vs_cpu"]!);
        });
        Assert.Contains("token ids identical", result.Output);
    }

    [Fact]
    public async Task The_server_reads_its_device_from_the_Compute_section()
    {
        var result = await CortexProcess.RunAsync(new Dictionary<string, string> { ["Compute__Device"] = "cuda" },
            "serve", "--urls", "http://127.0.0.1:0", "--data", Out());
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("cuda:0 was asked for, but the libtorch bundled with Cortex runs on CPU only", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task The_parity_part_needs_the_fixture()
    {
        var result = await CortexProcess.RunAsync("bench", "--only", "parity", "--out", Out());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--reference", Assert.Single(result.ErrorLines));
    }

    /// <summary>A new output folder for each run: a folder that holds other files is refused.</summary>
    string Out() => Path.Combine(_scratch, $"out-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
