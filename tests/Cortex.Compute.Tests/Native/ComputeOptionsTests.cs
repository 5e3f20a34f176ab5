using Cortex.Compute.Native;

namespace Cortex.Compute.Tests.Native;

/// <summary>The accepted spellings of a compute device, and the checks on a libtorch folder made before anything is loaded.</summary>
public sealed class ComputeOptionsTests : IDisposable
{
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-libtorch-").FullName;

    [Theory]
    [InlineData("auto", DeviceKind.Auto, 0, "auto")]
    [InlineData("", DeviceKind.Auto, 0, "auto")]
    [InlineData(" CPU ", DeviceKind.Cpu, 0, "cpu")]
    [InlineData("cuda", DeviceKind.Cuda, 0, "cuda:0")]
    [InlineData("cuda:3", DeviceKind.Cuda, 3, "cuda:3")]
    public void Devices_parse_to_a_kind_and_an_index(string text, DeviceKind kind, int index, string name)
    {
        var request = new ComputeOptions { Device = text }.Requested();
        Assert.Equal(new DeviceRequest(kind, index), request);
        Assert.Equal(name, request.ToString());
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:1.5")]
    [InlineData("cuda:+1")]
    [InlineData("cuda:99999")]
    [InlineData("mps")]
    public void Anything_else_is_refused_by_name(string text) =>
        Assert.Contains($"not '{text}'", Assert.Throws<ArgumentException>(() => DeviceRequest.Parse(text)).Message);

    [Fact]
    public void A_libtorch_folder_is_checked_for_its_libraries_and_whether_it_brings_cuda()
    {
        Assert.Contains("does not exist", Assert.Throws<TorchUnavailableException>(() => ExternalLibTorch.Check(Path.Combine(_scratch, "none"))).Message);

        Touch("libc10.so");
        Assert.Contains("lacks libtorch_cpu.so, libtorch.so.", Assert.Throws<TorchUnavailableException>(() => ExternalLibTorch.Check(_scratch)).Message);

        Touch("libtorch_cpu.so", "libtorch.so");
        Assert.Equal((_scratch, false), ExternalLibTorch.Check(_scratch + "/"));
        Touch("libc10_cuda.so");
        Assert.False(ExternalLibTorch.Check(_scratch).HasCuda);
        Touch("libtorch_cuda.so");
        Assert.True(ExternalLibTorch.Check(_scratch).HasCuda);
    }

    void Touch(params string[] names)
    {
        foreach (var name in names) File.WriteAllText(Path.Combine(_scratch, name), "");
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
