using System.Net.Http.Headers;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>One Set-Cookie header, split into its value and lower-cased attributes, for assertions.</summary>
public sealed record SetCookie(string Name, string Value, IReadOnlyDictionary<string, string> Attributes)
{
    public bool Has(string attribute) => Attributes.ContainsKey(attribute);

    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);

    public bool IsDeletion => Value.Length == 0 && Attributes.TryGetValue("expires", out var expires)
        && DateTimeOffset.Parse(expires) < DateTimeOffset.UtcNow;

    public static SetCookie? Find(HttpResponseHeaders headers, string name) =>
        All(headers).SingleOrDefault(c => c.Name == name);

    public static IEnumerable<SetCookie> All(HttpResponseHeaders headers) =>
        headers.TryGetValues("Set-Cookie", out var values) ? values.Select(Parse) : [];

    private static SetCookie Parse(string header)
    {
        var parts = header.Split(';', StringSplitOptions.TrimEntries);
        var nameValue = parts[0].Split('=', 2);
        var attributes = parts.Skip(1)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0].ToLowerInvariant(), p => p.Length > 1 ? p[1] : "");
        return new SetCookie(nameValue[0], nameValue[1], attributes);
    }
}
