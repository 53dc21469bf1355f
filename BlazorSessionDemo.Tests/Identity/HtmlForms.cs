using System.Net;
using System.Text.RegularExpressions;

namespace BlazorSessionDemo.Tests.Identity;

/// <summary>One <c>&lt;form method=post&gt;</c> of a page: where it posts, its fields and their current values.</summary>
public sealed record HtmlForm(string Page, string Action, IReadOnlyList<HtmlField> Fields)
{
    /// <summary>Which form this is, stable across renders: where it posts and the Blazor form name.</summary>
    public string Signature => $"{Action}#{Fields.FirstOrDefault(f => f.Name == "_handler")?.Value}";
}

/// <summary>A field as a browser would submit it; <see cref="IsText"/> for fields a user types into.</summary>
public sealed record HtmlField(string Name, string Kind, string Value)
{
    private static readonly HashSet<string> TextKinds = ["text", "password", "email", "search", "url", "tel", "number", "textarea", "hidden"];

    public bool IsProtocol => Name is "_handler" or "__RequestVerificationToken";

    public bool IsText => TextKinds.Contains(Kind) && !IsProtocol;
}

/// <summary>Finds the POST forms of an HTML page with plain regular expressions (the app's markup is well formed).</summary>
public static partial class HtmlForms
{
    public static IReadOnlyList<HtmlForm> PostForms(string page, string html) =>
        [.. FormPattern().Matches(html)
            .Select(m => (Attributes: Attributes(m.Groups[1].Value), Body: m.Groups[2].Value))
            .Where(f => string.Equals(f.Attributes.GetValueOrDefault("method"), "post", StringComparison.OrdinalIgnoreCase))
            .Select(f => new HtmlForm(page, f.Attributes.GetValueOrDefault("action") is { Length: > 0 } action ? action : page, Fields(f.Body)))];

    private static List<HtmlField> Fields(string body)
    {
        var fields = new List<HtmlField>();
        foreach (Match input in InputPattern().Matches(body))
        {
            var a = Attributes(input.Groups[1].Value);
            if (a.GetValueOrDefault("name") is not { Length: > 0 } name)
            {
                continue;
            }
            var kind = a.GetValueOrDefault("type", "text").ToLowerInvariant();
            if (kind is "radio")
            {
                kind = "checkbox";
            }
            if (kind is "submit" or "button" or "image" or "reset" or "file")
            {
                continue;
            }
            fields.Add(new(name, kind, a.GetValueOrDefault("value", kind == "checkbox" ? "on" : "")));
        }
        foreach (Match area in TextAreaPattern().Matches(body))
        {
            if (Attributes(area.Groups[1].Value).GetValueOrDefault("name") is { Length: > 0 } name)
            {
                fields.Add(new(name, "textarea", WebUtility.HtmlDecode(area.Groups[2].Value)));
            }
        }
        foreach (Match select in SelectPattern().Matches(body))
        {
            if (Attributes(select.Groups[1].Value).GetValueOrDefault("name") is { Length: > 0 } name)
            {
                var first = OptionPattern().Match(select.Groups[2].Value);
                fields.Add(new(name, "select", first.Success ? WebUtility.HtmlDecode(first.Groups[1].Value) : ""));
            }
        }
        return fields;
    }

    private static Dictionary<string, string> Attributes(string text) =>
        AttributePattern().Matches(text)
            .GroupBy(m => m.Groups[1].Value.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[3].Success ? g.First().Groups[3].Value : ""));

    [GeneratedRegex(@"<form\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"<input\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    [GeneratedRegex(@"<textarea\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextAreaPattern();

    [GeneratedRegex(@"<select\b([^>]*)>(.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectPattern();

    [GeneratedRegex("<option\\b[^>]*value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex OptionPattern();

    [GeneratedRegex("([A-Za-z_:][-A-Za-z0-9_:.]*)(\\s*=\\s*(?:\"([^\"]*)\"))?")]
    private static partial Regex AttributePattern();
}
