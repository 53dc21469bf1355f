using System.Net;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Middleware;

/// <summary>When Django's process_response saves, deletes the cookie, or refuses to save.</summary>
public sealed class SaveRulesTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Flush_DeletesRow_AndDeletesCookieWithSamePath()
    {
        var key = await _host.CreateSessionAsync();

        var response = await _host.SendAsync(HttpMethod.Post, "/flush", key);

        var cookie = SetCookie.Find(response.Headers, "sessionid")!;
        Assert.True(cookie.IsDeletion);
        Assert.Equal("/", cookie["path"]);
        Assert.False(await _host.Database.RowExistsAsync(key));
    }

    [Fact]
    public async Task ReplayedCookieAfterFlush_IsAnonymous()
    {
        var key = await _host.CreateSessionAsync("secret");
        await _host.SendAsync(HttpMethod.Post, "/flush", key);

        var replay = await _host.SendAsync(HttpMethod.Get, "/read", key);

        Assert.Equal("(none)", await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServerError_DoesNotSave()
    {
        var response = await _host.SendAsync(HttpMethod.Post, "/write-then-500");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
        Assert.Equal(0, await _host.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task ServerError_DoesNotOverwriteExistingSession()
    {
        var key = await _host.CreateSessionAsync("kept");

        await _host.SendAsync(HttpMethod.Post, "/write-then-500", key);

        var read = await _host.SendAsync(HttpMethod.Get, "/read", key);
        Assert.Equal("kept", await read.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnhandledException_DoesNotSave()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => _host.SendAsync(HttpMethod.Post, "/write-then-throw"));

        Assert.Equal(0, await _host.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task CycleKey_IssuesNewCookie_AndOldKeyLoadsNothing()
    {
        var oldKey = await _host.CreateSessionAsync("carried");

        var response = await _host.SendAsync(HttpMethod.Post, "/cycle", oldKey);

        var newKey = SetCookie.Find(response.Headers, "sessionid")!.Value;
        Assert.NotEqual(oldKey, newKey);
        Assert.False(await _host.Database.RowExistsAsync(oldKey));
        Assert.Equal("carried", await (await _host.SendAsync(HttpMethod.Get, "/read", newKey)).Content.ReadAsStringAsync());
        Assert.Equal("(none)", await (await _host.SendAsync(HttpMethod.Get, "/read", oldKey)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SaveAfterConcurrentLogout_Answers400_AndDoesNotResurrect()
    {
        var key = await _host.CreateSessionAsync();
        var slow = _host.SendAsync(HttpMethod.Post, "/slow-write", key);
        await _host.SlowWriteLoaded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await _host.SendAsync(HttpMethod.Post, "/flush", key);
        _host.SlowWriteGate.SetResult();
        var response = await slow;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
        Assert.False(await _host.Database.RowExistsAsync(key));
        Assert.Single(_host.Logs.Entries, e => e.EventId.Id == 1002);
    }

    [Fact]
    public async Task Vary_IsMergedWithExistingValues()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/read-with-vary");

        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Contains("Cookie", response.Headers.Vary);
    }

    [Fact]
    public async Task Vary_AlreadyNamingCookie_InAnyCase_IsNotRepeated()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/read-with-vary-cookie");

        var vary = response.Headers.Vary.SelectMany(v => v.Split(',')).Select(v => v.Trim()).ToList();
        Assert.Equal(["Accept-Encoding", "cookie"], vary);
    }

    [Fact]
    public async Task Flush_DeletingTheCookie_VariesOnCookie()
    {
        var key = await _host.CreateSessionAsync();

        var response = await _host.SendAsync(HttpMethod.Post, "/flush", key);

        Assert.Contains("Cookie", response.Headers.Vary);
    }

    [Fact]
    public async Task StoredExpireDate_IsCookieAgeFromNow()
    {
        var key = await _host.CreateSessionAsync();

        await using var db = _host.Database.CreateContext();
        var row = await db.DjangoSessions.SingleAsync(s => s.SessionKey == key);
        Assert.Equal(_host.Time.GetUtcNow().UtcDateTime.AddSeconds(1209600), row.ExpireDate);
    }
}
