using DjangoSessions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// <see cref="CookieNameCaseGuard"/> on the raw <c>Cookie</c> header(s), as the rest of the pipeline then sees them
/// (issue 18's mutation run of <c>Http/</c>): HTTP/2 sends each cookie as a header line of its own, so a twin can sit in
/// one line and the real cookie in another; what is not a twin is passed on exactly as sent.
/// </summary>
public sealed class CookieNameCaseGuardTests
{
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public async Task ATwinInALineOfItsOwn_DropsThatLine_AndKeepsTheOthersAsSent()
    {
        var seen = await RunAsync(["sessionid=k; theme=dark", "SESSIONID=x"]);

        Assert.Equal(new string?[] { "sessionid=k; theme=dark" }, seen.ToArray());
    }

    [Fact]
    public async Task ATwinAmongOtherPairs_IsCutOut_AndAPairWithoutANameIsKept()
    {
        var seen = await RunAsync(["flag; SESSIONID=x; sessionid=k", "theme=dark"]);

        Assert.Equal(new string?[] { "flag; sessionid=k", "theme=dark" }, seen.ToArray());
    }

    [Fact]
    public async Task OnlyTwins_LeaveNoCookieHeaderAtAll()
    {
        var seen = await RunAsync(["SessionId=x; SESSIONID=y"]);

        Assert.Empty(seen.ToArray());
    }

    [Fact]
    public async Task ANullHeaderLine_IsSkipped_BesideATwin()
    {
        // Only code that sets the header itself can hand a null line; the guard must not throw on it.
        var seen = await RunAsync([null, "SESSIONID=x; sessionid=k"]);

        Assert.Equal(new string?[] { "sessionid=k" }, seen.ToArray());
    }

    [Fact]
    public async Task NoTwin_LeavesTheHeadersUntouched()
    {
        string?[] sent = ["flag", " sessionid=k ;theme=dark", "=odd"];

        var seen = await RunAsync(sent);

        Assert.Equal(sent, seen.ToArray());
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task ADroppedTwin_IsLogged_WithItsNameAndTheAppsOwn()
    {
        await RunAsync(["SessionID=x; sessionid=k"]);

        var entry = Assert.Single(_logs.Entries);
        Assert.Equal(1009, entry.EventId.Id);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("Ignored a request cookie named SessionID: it differs from the app's cookie sessionid only in case.", entry.Message);
    }

    private async Task<StringValues> RunAsync(string?[] cookieHeaders)
    {
        var settings = new CookieNameCaseSettings();
        settings.Names.Add("sessionid");
        using var factory = new LoggerFactory([_logs]);
        StringValues seen = default;
        var guard = new CookieNameCaseGuard(context =>
        {
            seen = context.Request.Headers.Cookie;
            return Task.CompletedTask;
        }, Options.Create(settings), factory.CreateLogger<CookieNameCaseGuard>());
        var http = new DefaultHttpContext();
        http.Request.Headers.Cookie = new StringValues(cookieHeaders);

        await guard.InvokeAsync(http);

        return seen;
    }
}
