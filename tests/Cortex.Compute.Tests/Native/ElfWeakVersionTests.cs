namespace Cortex.Compute.Tests.Native;

/// <summary>The build's fix for TorchSharp on GCC 12 systems, checked on the real libraries.</summary>
public sealed class ElfWeakVersionTests : IDisposable
{
    const string Version = "GLIBCXX_3.4.32";
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-elf-").FullName;

    static string Native(string name) => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", name);

    [Fact]
    public void The_build_output_carries_the_patched_library()
    {
        var copy = Path.Combine(_scratch, "libLibTorchSharp.so");
        File.Copy(Native("libLibTorchSharp.so"), copy);
        Assert.Equal(ElfWeakVersion.Outcome.AlreadyWeak, ElfWeakVersion.MarkWeak(copy, Version));
    }

    [Fact]
    public void Patching_the_published_library_sets_the_flag_once_and_changes_nothing_else()
    {
        var original = PackageLibrary();
        var copy = Path.Combine(_scratch, "original.so");
        File.Copy(original, copy);
        var before = File.ReadAllBytes(copy);

        Assert.Equal(ElfWeakVersion.Outcome.Patched, ElfWeakVersion.MarkWeak(copy, Version));
        var after = File.ReadAllBytes(copy);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Single(changed);
        Assert.Equal(0x2, after[changed[0]] & 0x2);
        Assert.Equal(ElfWeakVersion.Outcome.AlreadyWeak, ElfWeakVersion.MarkWeak(copy, Version));
    }

    [Fact]
    public void A_library_without_the_requirement_is_left_alone()
    {
        var copy = Path.Combine(_scratch, "libc10.so");
        File.Copy(Native("libc10.so"), copy);
        var before = File.ReadAllBytes(copy);
        Assert.Equal(ElfWeakVersion.Outcome.NotRequired, ElfWeakVersion.MarkWeak(copy, Version));
        Assert.Equal(before, File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_file_that_is_not_elf_is_refused()
    {
        var path = Path.Combine(_scratch, "not-a-library.so");
        File.WriteAllText(path, "this is text, not an ELF object, and it is long enough to pass the size check easily.");
        Assert.Contains("not an ELF file", Assert.Throws<InvalidDataException>(() => ElfWeakVersion.MarkWeak(path, Version)).Message);
    }

    /// <summary>The unpatched library as the TorchSharp package ships it, from the NuGet package folder.</summary>
    static string PackageLibrary()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp's package library should be restored at {path}");
        return path;
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
