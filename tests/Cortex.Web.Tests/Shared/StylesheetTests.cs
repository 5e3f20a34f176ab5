using System.Text.RegularExpressions;

namespace Cortex.Web.Tests.Shared;

/// <summary>
/// The dashboard's stylesheet parses as rules at the top level: a brace lost in a merge once folded every later rule
/// (token pages, runs table, evidence outlines) into the one before it, and browsers silently dropped them.
/// </summary>
public sealed class StylesheetTests
{
    [Fact]
    public void Every_rule_of_the_stylesheet_closes_before_the_next_begins()
    {
        var css = Regex.Replace(File.ReadAllText(Path.Combine(RepositoryRoot(), "wwwroot", "css", "cortex.css")), @"/\*.*?\*/", "", RegexOptions.Singleline);
        var depth = 0;
        var line = 1;
        foreach (var c in css)
        {
            if (c == '\n') line++;
            depth += c switch { '{' => 1, '}' => -1, _ => 0 };
            // Media queries nest one level; nothing here nests deeper.
            Assert.True(depth is >= 0 and <= 2, $"cortex.css: braces unbalanced at line {line} (depth {depth}).");
        }
        Assert.Equal(0, depth);
    }

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Cortex.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Cortex.sln.");
    }
}
