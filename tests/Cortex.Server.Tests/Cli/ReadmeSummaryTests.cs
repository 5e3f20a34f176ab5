using Cortex.Compute.Protocols;

namespace Cortex.Server.Tests.Cli;

/// <summary>The README's paper results are the ones the committed report holds, generated, never typed by hand.</summary>
public sealed class ReadmeSummaryTests
{
    const string Report = "docs/reports/paper-default";

    [Fact]
    public void The_readme_summary_is_generated_from_the_committed_report()
    {
        var root = RepositoryRoot();
        var report = PaperSummary.Read(File.ReadAllText(Path.Combine(root, Report, "report.json")));
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));

        var block = PaperSummary.Extract(readme);
        Assert.True(block is not null, $"README.md has no block between '{PaperSummary.Begin}' and '{PaperSummary.End}'.");
        Assert.True(PaperSummary.Markdown(report, Report) == block,
            $"README.md's paper summary differs from {Report}/report.json; rerun `cortex paper --out {Report} --readme README.md` "
            + "(or regenerate the block from the report) rather than editing it by hand.");
    }

    [Fact]
    public void A_readme_without_exactly_one_block_is_refused_with_the_markers_named()
    {
        var once = $"{PaperSummary.Begin}\nx\n{PaperSummary.End}";
        Assert.Contains("paper-summary", Assert.Throws<ArgumentException>(() => PaperSummary.Replace("# no block", "s")).Message);
        Assert.Throws<ArgumentException>(() => PaperSummary.Replace(once + once, "s"));
        Assert.Equal($"{PaperSummary.Begin}{Environment.NewLine}s\n{PaperSummary.End}", PaperSummary.Replace(once, "s\n"));
    }

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Cortex.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Cortex.sln above {AppContext.BaseDirectory}.");
    }
}
