using BlazorSessionDemo.Components.Shared.Exchange;
using BlazorSessionDemo.Exchanges;
using Bunit;

namespace BlazorSessionDemo.Tests.Exchanges;

/// <summary>The "what just happened" panel and its sequence strip, rendered by bUnit from records of each kind.</summary>
public sealed class ExchangeViewTests : IDisposable
{
    private const string OldKey = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string NewKey = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private readonly BunitContext ui = new();

    [Fact]
    public void Login_ShowsBothKeys_TheFixationNote_TheSetCookie_AndTheHashHidden()
    {
        var record = Record("login", OldKey, NewKey, keyChanged: true,
            setCookies: [$"sessionid={NewKey}; expires=Wed, 16 Dec 2026 13:00:00 GMT; max-age=1209600; path=/; samesite=lax; httponly"],
            changes: [new("_auth_user_hash", DataChangeKind.Added, null, SessionDataDiff.Hidden), new("username", DataChangeKind.Added, null, "\"alice\"")]);

        var view = Render(record, cookieNow: NewKey, pathNow: "/backend");

        Assert.Equal(OldKey, view.Find("#exchange-key-before").TextContent);
        Assert.Equal(NewKey, view.Find("#exchange-key-after").TextContent);
        Assert.Contains("session fixation", view.Find("#exchange-key-note").TextContent);
        Assert.Equal($"Set-Cookie: sessionid={NewKey}; expires=Wed, 16 Dec 2026 13:00:00 GMT; max-age=1209600; path=/; samesite=lax; httponly",
            view.Find("#exchange-set-cookie code.set-cookie").TextContent);
        var rows = view.FindAll("#exchange-diff tbody tr");
        Assert.Equal(["_auth_user_hash", "added", "—", "(hidden)"], rows[0].Children.Select(c => c.TextContent));
        Assert.Equal(["username", "added", "—", "\"alice\""], rows[1].Children.Select(c => c.TextContent));
    }

    [Fact]
    public void Strip_DrawsThePost_TheStore_TheRedirectWithItsCookie_AndTheGetWithTheNewCookie()
    {
        var record = Record("write", null, NewKey, keyChanged: true, setCookies: [$"sessionid={NewKey}; path=/; httponly"]);

        var view = Render(record, cookieNow: NewKey, pathNow: "/session_test/");

        var steps = view.FindAll("ol.exchange-strip > li");
        Assert.Equal(["exchange-step-post", "exchange-step-store", "exchange-step-response", "exchange-step-get"], steps.Select(s => s.Id));
        Assert.Contains("POST /session_test/", steps[0].TextContent);
        Assert.Contains("no sessionid cookie", steps[0].TextContent);
        Assert.Contains("create a django_session row", steps[1].TextContent);
        Assert.Contains("302 Found", steps[2].TextContent);
        Assert.Contains("Location: /session_test/", steps[2].TextContent);
        Assert.Contains($"Set-Cookie: sessionid={NewKey}", steps[2].TextContent);
        Assert.Contains("GET /session_test/", steps[3].TextContent);
        Assert.Contains($"Cookie: sessionid={NewKey}", steps[3].TextContent);
        Assert.Contains("A new session", view.Find("#exchange-key-note").TextContent);
    }

    [Fact]
    public void Flush_SaysTheKeyIsGone_AndTheCookieDeleted()
    {
        var record = Record("flush", OldKey, null, keyChanged: true,
            setCookies: ["sessionid=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=/; samesite=lax; httponly"],
            changes: [new("h1", DataChangeKind.Removed, "\"hello\"", null)]);

        var view = Render(record, cookieNow: null, pathNow: "/session_test/");

        Assert.Equal("(none)", view.Find("#exchange-key-after").TextContent);
        Assert.Contains("flushed", view.Find("#exchange-key-note").TextContent);
        Assert.Contains("Set-Cookie: sessionid= (deleted)", view.Find("#exchange-step-response").TextContent);
        Assert.Contains("no sessionid cookie", view.Find("#exchange-step-get").TextContent);
        Assert.Equal(["h1", "removed", "\"hello\"", "—"], view.Find("#exchange-diff tbody tr").Children.Select(c => c.TextContent));
    }

    [Fact]
    public void NothingSaved_SaysNoSetCookie_AndNoChange()
    {
        var record = Record("get", OldKey, OldKey, keyChanged: false, storeOperation: "load the django_session row; nothing changed, so nothing is saved");

        var view = Render(record, cookieNow: OldKey, pathNow: "/session");

        Assert.NotNull(view.Find("#exchange-no-set-cookie"));
        Assert.NotNull(view.Find("#exchange-no-change"));
        Assert.Contains("no Set-Cookie", view.Find("#exchange-step-response").TextContent);
        Assert.Contains("Same key", view.Find("#exchange-key-note").TextContent);
    }

    public void Dispose() => ui.Dispose();

    private IRenderedComponent<ExchangeView> Render(ExchangeRecord record, string? cookieNow, string pathNow) =>
        ui.Render<ExchangeView>(p => p
            .Add(v => v.Record, record)
            .Add(v => v.CookieName, "sessionid")
            .Add(v => v.CookieNow, cookieNow)
            .Add(v => v.PathNow, pathNow));

    private static ExchangeRecord Record(string action, string? before, string? after, bool keyChanged,
        IReadOnlyList<string>? setCookies = null, IReadOnlyList<SessionDataChange>? changes = null, string? storeOperation = null) =>
        new(action, "POST", action is "login" ? "/login" : "/session_test/", before, before, after, keyChanged,
            storeOperation ?? StoreOperation.Describe("db", before, after, setCookies is { Count: > 0 } && after is not null, after is null),
            302, action is "login" ? "/backend" : "/session_test/", setCookies ?? [], changes ?? [], 0);
}
