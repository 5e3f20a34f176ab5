namespace Cortex.EndToEnd;

/// <summary>Full-page screenshots of every page the tests visit, in <c>artifacts/screenshots/</c> at the repository root, for a person to look over.</summary>
public static class Screenshots
{
    static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    /// <summary>The file for a page at a viewport width, e.g. <c>experiment-live-1280.png</c>.</summary>
    public static string PathFor(string page, int width) => Path.Combine(Folder.Value, $"{page}-{width}.png");

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Cortex.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Cortex.sln.");
    }
}
