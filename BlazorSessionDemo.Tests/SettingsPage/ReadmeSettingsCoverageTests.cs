using System.Text.RegularExpressions;
using BlazorSessionDemo.Components.Pages.Settings;
using BlazorSessionDemo.Data;
using BlazorSessionDemo.Security;
using DjangoSessions.Catalog;
using DjangoSessions.Redis;

namespace BlazorSessionDemo.Tests.SettingsPage;

/// <summary>
/// <c>/settings</c> shows every key the README's settings tables list (issue 15), so a key added to the README without
/// a row (or the other way round) fails here.
/// </summary>
public sealed partial class ReadmeSettingsCoverageTests
{
    [Fact]
    public void EveryKeyInTheReadmesSettingsTables_HasARow()
    {
        var shown = SessionSettingRows.Django(new DjangoSessionSettings(), new RedisSessionSettings())
            .Concat(SessionSettingRows.AppOnly(new DjangoSessionSettings(), new SessionCatalogSettings()))
            .Concat(HostSettingRows.Rows(new DatabaseSettings(), null, new ProxySettings()))
            .Select(r => r.ConfigKey)
            .ToHashSet();

        var listed = ReadmeSettingKeys();

        Assert.True(listed.Count >= 30, $"Only {listed.Count} keys read from the README: has its table moved?");
        Assert.All(listed, key => Assert.Contains(key, shown));
    }

    /// <summary>
    /// The first-column keys of the tables under the README's "### Settings" heading, as configuration keys:
    /// <c>CookiePath</c> / <c>CookieDomain</c> is two keys, <c>Redis:Host/Port</c> is <c>Session:Redis:Host</c> and
    /// <c>Session:Redis:Port</c>, and a key outside the Session section (<c>Database:Provider</c>) stays as it is.
    /// </summary>
    private static IReadOnlyList<string> ReadmeSettingKeys()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var start = readme.IndexOf("### Settings", StringComparison.Ordinal);
        var end = readme.IndexOf("\n### ", start + 1, StringComparison.Ordinal);
        var section = readme[start..end];
        var outside = section.IndexOf("Outside the `Session` section", StringComparison.Ordinal);
        var keys = new List<string>();
        foreach (Match row in TableRow().Matches(section))
        {
            var inSession = outside < 0 || row.Index < outside;
            foreach (Match key in Backticked().Matches(row.Groups[1].Value))
            {
                var text = key.Groups[1].Value;
                var slash = text.LastIndexOf(':');
                var (prefix, names) = slash < 0 ? ("", text) : (text[..(slash + 1)], text[(slash + 1)..]);
                foreach (var name in names.Split('/'))
                {
                    // "ForwardedHeaders:KnownProxies / KnownNetworks": a bare second name shares the first's section.
                    var sectionOf = prefix.Length > 0 ? prefix : keys.Count > 0 && !inSession ? keys[^1][..(keys[^1].LastIndexOf(':') + 1)] : "";
                    keys.Add(inSession ? $"Session:{prefix}{name}" : sectionOf + name);
                }
            }
        }
        return keys;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "BlazorSessionDemo.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("BlazorSessionDemo.sln not found.");
    }

    /// <summary>A table row's first cell (skipping the header and the --- line).</summary>
    [GeneratedRegex(@"^\| (`[^|]*`) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
