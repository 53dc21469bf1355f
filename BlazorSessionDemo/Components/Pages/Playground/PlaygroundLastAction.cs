using System.Text.Encodings.Web;
using System.Text.Json;
using BlazorSessionDemo.Exchanges;
using Microsoft.AspNetCore.DataProtection;

namespace BlazorSessionDemo.Components.Pages.Playground;

/// <summary>
/// The playground's last action, carried from the POST to the page it redirects to as a one-time message (Django's
/// messages framework with its cookie storage, ASP.NET Core's TempData): a data-protected, short-lived cookie scoped to
/// <c>/session</c>, read once and deleted by the page that shows it. Never in the URL: a 20 KB value made the redirect
/// a browser's 414, and a query string could make the page show a result that never happened. Not in the session
/// either, so an action that only reads (<c>get</c> on no session) still creates no session.
/// </summary>
public sealed class PlaygroundLastAction(IDataProtectionProvider protection)
{
    public const string CookieName = "session_playground_last";
    private const string Purpose = "BlazorSessionDemo.Playground.LastAction.v1";

    // Shown values are cut so the protected cookie stays well under the 4 KB a browser keeps per cookie (up to 3 UTF-8
    // bytes per char with relaxed escaping, then data protection's overhead and base64url's 4/3).
    private const int MaxKey = 100;
    private const int MaxArgument = 200;
    private const int MaxResult = 500;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private OneTimeCookie Cookie => new(protection, CookieName, Purpose, "/session");

    /// <summary>Keeps <paramref name="outcome"/> for the next page of this browser (call before the response starts).</summary>
    public void Remember(HttpContext context, PlaygroundOutcome outcome)
    {
        var shown = outcome with
        {
            Key = Cut(outcome.Key, MaxKey),
            Argument = Cut(outcome.Argument, MaxArgument),
            Result = Cut(outcome.Result, MaxResult)!,
        };
        Cookie.Put(context, JsonSerializer.Serialize(shown, Json));
    }

    /// <summary>The outcome the last POST left, once: the cookie is deleted; anything not protected by this app is nothing.</summary>
    public PlaygroundOutcome? Take(HttpContext context)
    {
        if (Cookie.Take(context) is not { } text)
        {
            return null;
        }
        try
        {
            var outcome = JsonSerializer.Deserialize<PlaygroundOutcome>(text, Json);
            return outcome is { Action: not null, Result: not null } && PlaygroundCalls.Actions.Contains(outcome.Action) ? outcome : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Cut(string? text, int max) => text is { } t && t.Length > max ? t[..max] + "…" : text;
}
