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

    [Fact]
    public void A_checkpoint_file_finds_the_yaml_beside_it()
    {
        var checkpoint = Touch("model.ckpt");
        Touch("other.ckpt");
        Touch("unrelated.yaml");
        Assert.Equal((checkpoint, (string?)null), TamingFiles.Find(checkpoint, null));
        var sameName = Touch("model.yaml");
        Assert.Equal((checkpoint, sameName), TamingFiles.Find(checkpoint, null));
        Assert.Equal((checkpoint, "mine.yaml"), TamingFiles.Find(checkpoint, "mine.yaml"));

        var alone = Touch("single/weights.safetensors");
        var only = Touch("single/config.yml");
        Assert.Equal((alone, only), TamingFiles.Find(alone, null));

        var last = Touch("log/checkpoints/last.ckpt");
        Touch("log/checkpoints/epoch=3.ckpt");
        var project = Touch("log/configs/2021-04-03T19-39-50-project.yaml");
        Assert.Equal((last, project), TamingFiles.Find(last, null));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
