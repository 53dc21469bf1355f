
namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// What Django's signed_cookies can't do (its delete() only clears the browser's copy, so a copied cookie logs back in):
/// logout, flush and cycle_key end the session for every cookie it was ever signed into, until none could verify anyway.
/// </summary>
public sealed class SignedCookieRevocationTests : IDisposable
{
    private readonly SignedCookieTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Flush_EveryEarlierCookieOfTheSession_ReplaysAsAnonymous()
    {
        var session = await _bed.SaveNewAsync(("user_id", 1));
        var first = session.SessionKey!;
        _bed.Time.Advance(TimeSpan.FromMinutes(1));
        session["visits"] = 2;
        await session.SaveAsync();
        var second = session.SessionKey!;
        Assert.NotEqual(first, second);

        await session.FlushAsync();

        foreach (var replayed in new[] { first, second })
        {
            var anonymous = await _bed.LoadAsync(replayed);
            Assert.Null(anonymous.SessionKey);
            Assert.False(anonymous.ContainsKey("user_id"));
            Assert.False(await _bed.Engine.ExistsAsync(replayed));
        }
    }

    [Fact]
    public async Task Logout_ThroughAnOlderCookie_AlsoEndsTheNewerOne()
    {
        // Two tabs: one re-signed the session, the other logs out with the cookie it still holds.
        var session = await _bed.SaveNewAsync(("user_id", 1));
        var older = session.SessionKey!;
        session["visits"] = 2;
        await session.SaveAsync();

        await (await _bed.LoadAsync(older)).FlushAsync();

        Assert.Null((await _bed.LoadAsync(session.SessionKey)).SessionKey);
    }

    [Fact]
    public async Task CycleKey_OldCookieLoadsNothing_NewCookieKeepsTheData()
    {
        var session = await _bed.SaveNewAsync(("user_id", 1));
        var beforeLogin = session.SessionKey!;

        await session.CycleKeyAsync();

        Assert.Null((await _bed.LoadAsync(beforeLogin)).SessionKey);
        Assert.Equal(1, (await _bed.LoadAsync(session.SessionKey)).Get<int>("user_id"));
    }

    [Fact]
    public async Task Save_WithACookieOfARevokedSession_ThrowsUpdateError()
    {
        var session = await _bed.SaveNewAsync(("user_id", 1));
        var stale = await _bed.LoadAsync(session.SessionKey);
        await session.FlushAsync();

        stale["user_id"] = 2;

        await Assert.ThrowsAsync<SessionUpdateException>(() => stale.SaveAsync());
    }

    [Fact]
    public async Task Delete_AnAgedOutCookie_StillRevokesTheLiveNewerCookie()
    {
        _bed.Settings.Cookie.CookieAge = 100;
        var session = await _bed.SaveNewAsync(("user_id", 1));
        var aged = session.SessionKey!;
        _bed.Time.Advance(TimeSpan.FromSeconds(60));
        session["visits"] = 2;
        await session.SaveAsync();
        _bed.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Null((await _bed.LoadAsync(aged)).SessionKey);

        await _bed.NewSession().DeleteAsync(aged);

        Assert.Null((await _bed.LoadAsync(session.SessionKey)).SessionKey);
    }

    [Fact]
    public async Task Revocation_IsKeptUntilNoCookieOfTheSessionCanVerify_ThenCleared()
    {
        _bed.Settings.Cookie.CookieAge = 100;
        var session = await _bed.SaveNewAsync(("user_id", 1));
        var cookie = session.SessionKey!;
        _bed.Time.Advance(TimeSpan.FromSeconds(30));

        await session.FlushAsync();

        var row = Assert.Single(await _bed.RevokedRowsAsync());
        Assert.Equal(_bed.Time.GetUtcNow().AddSeconds(100).UtcDateTime, row.ExpireDate, TimeSpan.FromMilliseconds(1));
        _bed.Time.Advance(TimeSpan.FromSeconds(99));
        Assert.Equal(0, await _bed.NewSession().ClearExpiredAsync());
        Assert.Single(await _bed.RevokedRowsAsync());
        _bed.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await _bed.NewSession().ClearExpiredAsync());
        Assert.Empty(await _bed.RevokedRowsAsync());
        // The row is gone, and the cookie it blocked is too old to verify on its own.
        Assert.Null((await _bed.LoadAsync(cookie)).SessionKey);
    }

    [Fact]
    public async Task ClearExpired_KeepsARevocationThatExpiresExactlyNow_AndRemovesItOneTickLater()
    {
        // Django's clear_expired deletes expire_date < now, never = now (killed a surviving '<=' mutant, issue 18).
        _bed.Settings.Cookie.CookieAge = 100;
        await (await _bed.SaveNewAsync(("user_id", 1))).FlushAsync();
        _bed.Time.Advance(TimeSpan.FromSeconds(100));

        Assert.Equal(0, await _bed.NewSession().ClearExpiredAsync());
        Assert.Single(await _bed.RevokedRowsAsync());

        _bed.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await _bed.NewSession().ClearExpiredAsync());
        Assert.Empty(await _bed.RevokedRowsAsync());
    }

    [Fact]
    public async Task ClearExpired_RemovesExpiredRevocationsAcrossBatches_ReturnsTheCount()
    {
        _bed.Settings.Cleanup.CleanupBatchSize = 2;
        _bed.Settings.Cookie.CookieAge = 10;
        for (var i = 0; i < 5; i++)
        {
            await (await _bed.SaveNewAsync(("i", i))).FlushAsync();
        }
        _bed.Time.Advance(TimeSpan.FromSeconds(11));
        _bed.Settings.Cookie.CookieAge = 1000;
        await (await _bed.SaveNewAsync(("i", 99))).FlushAsync();

        Assert.Equal(5, await _bed.NewSession().ClearExpiredAsync());
        Assert.Single(await _bed.RevokedRowsAsync());
    }

    [Fact]
    public async Task Delete_SameSessionTwice_KeepsOneRow_WithTheLaterExpiry()
    {
        var session = await _bed.SaveNewAsync(("user_id", 1));
        await _bed.NewSession().DeleteAsync(session.SessionKey);
        _bed.Time.Advance(TimeSpan.FromSeconds(50));

        await _bed.NewSession().DeleteAsync(session.SessionKey);

        var row = Assert.Single(await _bed.RevokedRowsAsync());
        Assert.Equal(_bed.Time.GetUtcNow().AddSeconds(_bed.Settings.Cookie.CookieAge).UtcDateTime, row.ExpireDate, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Delete_ForgedCookie_RevokesNothing()
    {
        var session = await _bed.SaveNewAsync(("user_id", 1));
        var chars = session.SessionKey!.ToCharArray();
        chars[^1] = chars[^1] == 'A' ? 'B' : 'A';

        await _bed.NewSession().DeleteAsync(new string(chars));

        Assert.Empty(await _bed.RevokedRowsAsync());
        Assert.Equal(1, (await _bed.LoadAsync(session.SessionKey)).Get<int>("user_id"));
    }
}
