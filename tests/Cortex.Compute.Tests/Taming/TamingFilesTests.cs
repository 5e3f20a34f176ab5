using Cortex.Compute.Models;
using Cortex.Compute.Models.Taming;

namespace Cortex.Compute.Tests.Taming;

/// <summary>A taming model named by its file or by a directory laid out like taming's downloads and logs.</summary>
public sealed class TamingFilesTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cortex-taming-files-").FullName;

    string Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public void A_taming_log_directory_gives_its_last_checkpoint_and_project_config()
    {
        var checkpoint = Touch("checkpoints/last.ckpt");
        Touch("checkpoints/epoch=10.ckpt");
        var project = Touch("configs/2020-11-09T13-31-51-project.yaml");
        Touch("configs/2020-11-09T13-31-51-lightning.yaml");
        Assert.Equal((checkpoint, project), TamingFiles.Find(_root, null));
        Assert.Equal((checkpoint, "mine.yaml"), TamingFiles.Find(_root, "mine.yaml"));
    }

    [Fact]
    public void A_file_is_the_checkpoint_and_a_directory_must_hold_one()
    {
        var file = Touch("model.safetensors");
        Assert.Equal((file, (string?)null), TamingFiles.Find(file, null));
        Assert.Equal((file, (string?)null), TamingFiles.Find(_root, null));
        var config = Touch("model.yaml");
        Assert.Equal((file, config), TamingFiles.Find(_root, null));

        Touch("other.ckpt");
        Assert.Contains("2 files that could be its checkpoint", Assert.Throws<ModelLoadException>(() => TamingFiles.Find(_root, null)).Message);
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        Assert.Contains("no model-card.json", Assert.Throws<ModelLoadException>(() => TamingFiles.Find(empty, null)).Message);
        Assert.Contains("does not exist", Assert.Throws<ModelLoadException>(() => TamingFiles.Find(Path.Combine(_root, "none"), null)).Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
