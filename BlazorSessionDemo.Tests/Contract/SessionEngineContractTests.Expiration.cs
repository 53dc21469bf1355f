namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// Expiry as the store enforces it (Django: test_actual_expiry, test_clearsessions_command): an expired session
/// loads as a new empty one with its key dropped, and clear_expired removes exactly the expired records.
/// Time moves with FakeTimeProvider, never with sleeps.
/// </summary>
public abstract partial class SessionEngineContractTests
{
    [Fact]
    public async Task Load_AfterInactivityExpiry_IsEmpty_DropsKey()
    {
        var session = await LoadSessionAsync(null);
        session["foo"] = "bar";
        session.SetExpiry(60);
        await session.SaveAsync();

        Time.Advance(TimeSpan.FromSeconds(61));
        var expired = await LoadSessionAsync(session.SessionKey);

        Assert.False(expired.ContainsKey("foo"));
        Assert.Null(expired.SessionKey);
    }

    [Fact]
    public async Task Load_BeforeInactivityExpiry_StillHasData()
    {
        var session = await LoadSessionAsync(null);
        session["foo"] = "bar";
        session.SetExpiry(60);
        await session.SaveAsync();

        Time.Advance(TimeSpan.FromSeconds(59));
        var loaded = await LoadSessionAsync(session.SessionKey);

        Assert.Equal("bar", loaded.Get<string>("foo"));
        Assert.Equal(session.SessionKey, loaded.SessionKey);
    }

    [Fact]
    public async Task Load_WithExpiryDateInThePast_IsEmpty()
    {
        // test_actual_expiry: set_expiry(-timedelta(seconds=10)) expires the session at once.
        var session = await LoadSessionAsync(null);
        session["foo"] = "bar";
        session.SetExpiry(TimeSpan.FromSeconds(-10));
        await session.SaveAsync();

        var loaded = await LoadSessionAsync(session.SessionKey);

        Assert.False(loaded.ContainsKey("foo"));
        Assert.Null(loaded.SessionKey);
    }

    [Fact]
    public async Task Save_RefreshesInactivityExpiry()
    {
        // Each save stores now + age, so an active user is never logged out by SESSION_COOKIE_AGE.
        Settings.CookieAge = 100;
        var session = await SaveNewSessionAsync(("n", 1));

        Time.Advance(TimeSpan.FromSeconds(90));
        var active = await LoadSessionAsync(session.SessionKey);
        active["n"] = 2;
        await active.SaveAsync();
        Time.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(2, (await LoadSessionAsync(session.SessionKey)).Get<int>("n"));
    }

    [Fact]
    public async Task BrowserCloseSession_IsStoredForCookieAge()
    {
        // set_expiry(0) still gets an expiry date of SESSION_COOKIE_AGE, so the record is eventually cleared.
        Settings.CookieAge = 100;
        var session = await LoadSessionAsync(null);
        session["foo"] = "bar";
        session.SetExpiry(0);
        await session.SaveAsync();

        Time.Advance(TimeSpan.FromSeconds(99));
        Assert.Equal("bar", (await LoadSessionAsync(session.SessionKey)).Get<string>("foo"));
        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null((await LoadSessionAsync(session.SessionKey)).SessionKey);
    }

    [Fact]
    public async Task ClearExpired_RemovesOnlyExpiredSessions_ReturnsCount()
    {
        var live = await LoadSessionAsync(null);
        live["foo"] = "bar";
        live.SetExpiry(3600);
        await live.SaveAsync();
        var expired = await LoadSessionAsync(null);
        expired["foo"] = "bar";
        expired.SetExpiry(-3600);
        await expired.SaveAsync();
        Assert.Equal(2, await CountStoredSessionsAsync());

        var removed = await live.ClearExpiredAsync();

        Assert.Equal(1, removed);
        Assert.Equal(1, await CountStoredSessionsAsync());
        Assert.True(await live.ExistsAsync(live.SessionKey!));
        Assert.False(await live.ExistsAsync(expired.SessionKey!));
    }

    [Fact]
    public async Task ClearExpired_AfterTimePasses_RemovesSessionsThatAgedOut()
    {
        Settings.CookieAge = 100;
        var first = await SaveNewSessionAsync(("n", 1));
        Time.Advance(TimeSpan.FromSeconds(50));
        var second = await SaveNewSessionAsync(("n", 2));
        Time.Advance(TimeSpan.FromSeconds(51));

        var removed = await second.ClearExpiredAsync();

        Assert.Equal(1, removed);
        Assert.False(await second.ExistsAsync(first.SessionKey!));
        Assert.True(await second.ExistsAsync(second.SessionKey!));
    }

    [Fact]
    public async Task ClearExpired_NothingExpired_ReturnsZero()
    {
        var session = await SaveNewSessionAsync(("a", 1));

        Assert.Equal(0, await session.ClearExpiredAsync());
        Assert.Equal(1, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task ClearExpired_ManyExpired_RemovesAllAcrossBatches()
    {
        Settings.CleanupBatchSize = 2;
        Settings.CookieAge = 10;
        for (var i = 0; i < 5; i++)
        {
            await SaveNewSessionAsync(("i", i));
        }
        Time.Advance(TimeSpan.FromSeconds(11));
        // The survivor lives longer through its own expiry, not a changed SESSION_COOKIE_AGE: engines that store no
        // expire_date (Django's file backend: mtime + the cookie age when read) would apply a new age to every session.
        var survivor = await LoadSessionAsync(null);
        survivor["i"] = 99;
        survivor.SetExpiry(1000);
        await survivor.SaveAsync();

        Assert.Equal(5, await survivor.ClearExpiredAsync());
        Assert.Equal(1, await CountStoredSessionsAsync());
    }
}
