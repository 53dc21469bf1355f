using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Auth;
using DjangoSessions;

namespace BlazorSessionDemo.Components.Pages.Playground;

/// <summary>What an action did: the calls (rebuilt from action, key and argument) and the result as Python shows it.</summary>
public sealed record PlaygroundOutcome(string Action, string? Key, string? Argument, string Result);

/// <summary>Input an action refused before touching the session: which field, and why.</summary>
public sealed record PlaygroundFieldError(string Action, string Field, string Message);

/// <summary>
/// Runs one playground action on the request's session, as the Django call it mirrors would. Input is checked first,
/// so a refused action changes nothing (no load-and-save, no cookie).
/// </summary>
public static class PlaygroundActions
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>
    /// The longest text each field takes (the form's <c>maxlength</c>, checked again here for clients that ignore it):
    /// a playground key or value, not a file upload (32 KB keeps room for a value too big for a redirect URL, which the playground carries in a cookie instead). Django sets no such limit; a store or a cookie (signed_cookies,
    /// 4 KB) would refuse far less anyway.
    /// </summary>
    public static int MaxLengthOf(string field) => field switch
    {
        "value" or "default" => 32_768,
        "expiry" => 100,
        _ => 256,
    };

    public static async Task<(PlaygroundOutcome? Outcome, PlaygroundFieldError? Error)> RunAsync(
        string action, IReadOnlyDictionary<string, string> form, Func<ValueTask<DjangoSession>> session)
    {
        foreach (var field in new[] { "key", "value", "default", "expiry" })
        {
            if (form.GetValueOrDefault(field, "").Length > MaxLengthOf(field))
            {
                return (null, new(action, field, $"Too long: at most {MaxLengthOf(field):N0} characters here."));
            }
        }
        var key = form.GetValueOrDefault("key", "");
        if (action is "set" or "get" or "pop" or "delete" && key.Length == 0)
        {
            return (null, new(action, "key", "Enter a key."));
        }
        switch (action)
        {
            case "set":
                // "Session dictionary keys that begin with an underscore are reserved for internal use by Django." And the
                // login keys are who the visitor is: only login, logout and password change may write them.
                if (SessionUser.IsReservedKey(key))
                {
                    return (null, new(action, "key", ReservedKeyMessage(key)));
                }
                var valueText = form.GetValueOrDefault("value", "");
                if (!TryParseJson(valueText, out var value, out var valueError))
                {
                    return (null, new(action, "value", valueError));
                }
                (await session())[key] = value;
                return (new(action, key, valueText, "None"), null);
            case "get":
                var defaultText = form.GetValueOrDefault("default", "");
                JsonNode? fallback = null;
                if (defaultText.Trim().Length > 0 && !TryParseJson(defaultText, out fallback, out var defaultError))
                {
                    return (null, new(action, "default", defaultError));
                }
                return (new(action, key, defaultText, Show((await session()).Get(key, fallback))), null);
            case "pop":
                var popFrom = await session();
                return (new(action, key, null, popFrom.ContainsKey(key) ? Show(popFrom.Pop(key)) : KeyError(key)), null);
            case "delete":
                // Django's del raises KeyError for a missing key; DjangoSession.Remove answers false instead.
                return (new(action, key, null, (await session()).Remove(key) ? "None" : KeyError(key) + " (Remove returned false)"), null);
            case "clear":
                (await session()).Clear();
                return (new(action, null, null, "None"), null);
            case "flush":
                await (await session()).FlushAsync();
                return (new(action, null, null, "None"), null);
            case "cycle_key":
                // The new key is on the page (and in the cookie), never in the redirect's URL, where logs would keep it.
                await (await session()).CycleKeyAsync();
                return (new(action, null, null, "None"), null);
            case "set_expiry":
                return await SetExpiryAsync(form.GetValueOrDefault("expiry", ""), session);
            default:
                return (null, new(action, "action", "Not a playground action."));
        }
    }

    private static async Task<(PlaygroundOutcome?, PlaygroundFieldError?)> SetExpiryAsync(string text, Func<ValueTask<DjangoSession>> session)
    {
        if (!PlaygroundExpiry.TryParse(text, out var expiry))
        {
            return (null, new("set_expiry", "expiry",
                "Enter seconds (0 = until the browser closes), None, or a date such as 2030-01-01T00:00:00Z."));
        }
        var target = await session();
        if (expiry.Date is { } date)
        {
            target.SetExpiry(date);
        }
        else
        {
            target.SetExpiry(expiry.Seconds);
        }
        return (new("set_expiry", null, text.Trim(), "None"), null);
    }

    private static bool TryParseJson(string text, out JsonNode? node, out string error)
    {
        try
        {
            node = JsonNode.Parse(text);
            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            node = null;
            error = InvalidJsonMessage(text, ex);
            return false;
        }
    }

    /// <summary>
    /// What to fix, said plainly (never the parser's "'h' is an invalid start of a value. LineNumber: 0 ..."): bare
    /// text, the common slip, is shown quoted, as Python's <c>json.loads('hello')</c> needs <c>'"hello"'</c> too.
    /// </summary>
    public static string InvalidJsonMessage(string text, JsonException error)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && !"{[\"-0123456789".Contains(trimmed[0]) && trimmed is not ("true" or "false" or "null"))
        {
            var sample = trimmed.Length > 40 ? trimmed[..40] : trimmed;
            return $"Not valid JSON. Values are JSON; for text, use quotes: {JsonSerializer.Serialize(sample)}";
        }
        var at = error.BytePositionInLine is { } position ? $" near character {position + 1}" : "";
        return $"Not valid JSON{at}. Values are JSON: a number, true, false, null, \"text\", [1, 2] or {{\"a\": 1}}.";
    }

    /// <summary>Why <paramref name="key"/> can't be set here: the server relies on it for who you are, or for itself.</summary>
    public static string ReservedKeyMessage(string key) => SessionUser.LoginKeys.Contains(key)
        ? $"'{key}' is a login key: the server relies on it for who you are, so only logging in (or out, or changing your password) writes it."
        : "Keys starting with '_' are reserved for the server's own use (who you are, e.g. _auth_user_id; Django's internals, e.g. _session_expiry).";

    /// <summary>The value as JSON (null as Python's None).</summary>
    public static string Show(JsonNode? value) => value is null ? "None" : value.ToJsonString(Compact);

    private static string KeyError(string key) => $"KeyError: '{key}'";
}
