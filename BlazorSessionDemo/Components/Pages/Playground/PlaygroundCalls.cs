using System.Globalization;

namespace BlazorSessionDemo.Components.Pages.Playground;

/// <summary>
/// The Django call each playground action mirrors, beside the .NET call that does the same on <c>DjangoSession</c>.
/// With no key given, the calls read as the templates shown next to the forms (<c>'k'</c>, <c>v</c>).
/// </summary>
public static class PlaygroundCalls
{
    public static readonly IReadOnlyList<string> Actions =
        ["set", "get", "pop", "delete", "clear", "flush", "cycle_key", "set_expiry"];

    public static (string Django, string DotNet) For(string action, string? key = null, string? argument = null)
    {
        var py = Py(key ?? "k");
        var cs = Cs(key ?? "k");
        return action switch
        {
            "set" => ($"request.session[{py}] = v", $"session[{cs}] = JsonNode.Parse(v);"),
            "get" when key is not null && string.IsNullOrEmpty(argument) => ($"request.session.get({py})", $"session.Get({cs})"),
            "get" => ($"request.session.get({py}, default)", $"session.Get({cs}, JsonNode.Parse(default))"),
            "pop" => ($"request.session.pop({py})", $"session.Pop({cs})"),
            "delete" => ($"del request.session[{py}]", $"session.Remove({cs});"),
            "clear" => ("request.session.clear()", "session.Clear();"),
            "flush" => ("request.session.flush()", "await session.FlushAsync();"),
            "cycle_key" => ("request.session.cycle_key()", "await session.CycleKeyAsync();"),
            "set_expiry" => SetExpiry(argument),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a playground action."),
        };
    }

    private static (string, string) SetExpiry(string? argument)
    {
        if (argument is null)
        {
            return ("request.session.set_expiry(value)", "session.SetExpiry(value);");
        }
        if (PlaygroundExpiry.TryParse(argument, out var expiry))
        {
            return expiry switch
            {
                { Date: { } date } => (
                    $"request.session.set_expiry(datetime.fromisoformat({Py(Iso(date))}))",
                    $"session.SetExpiry(DateTimeOffset.Parse({Cs(Iso(date))}));"),
                { Seconds: { } seconds } => ($"request.session.set_expiry({seconds})", $"session.SetExpiry({seconds});"),
                _ => ("request.session.set_expiry(None)", "session.SetExpiry((int?)null);"),
            };
        }
        return ("request.session.set_expiry(value)", "session.SetExpiry(value);");
    }

    public static string Iso(DateTimeOffset date) =>
        date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>A Python str literal, as repr() writes it for plain text.</summary>
    private static string Py(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    /// <summary>A C# string literal.</summary>
    private static string Cs(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
