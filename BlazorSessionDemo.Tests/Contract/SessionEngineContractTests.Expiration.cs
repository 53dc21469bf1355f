namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// Expiry as the store enforces it (Django: test_actual_expiry): an expired session loads as a new empty one with its
/// key dropped (clear_expired, which needs stored records, is in <see cref="ServerSideSessionEngineContractTests"/>).
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

        await AdvanceTimeAsync(TimeSpan.FromSeconds(61));
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

        await AdvanceTimeAsync(TimeSpan.FromSeconds(59));
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
        Settings.Cookie.CookieAge = 100;
        var session = await SaveNewSessionAsync(("n", 1));

        await AdvanceTimeAsync(TimeSpan.FromSeconds(90));
        var active = await LoadSessionAsync(session.SessionKey);
        active["n"] = 2;
        await active.SaveAsync();
        await AdvanceTimeAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(2, (await LoadSessionAsync(active.SessionKey)).Get<int>("n"));
    }

    [Fact]
    public async Task BrowserCloseSession_IsStoredForCookieAge()
    {
        // set_expiry(0) still gets an expiry date of SESSION_COOKIE_AGE, so the record is eventually cleared.
        Settings.Cookie.CookieAge = 100;
        var session = await LoadSessionAsync(null);
        session["foo"] = "bar";
        session.SetExpiry(0);
        await session.SaveAsync();

        await AdvanceTimeAsync(TimeSpan.FromSeconds(99));
        Assert.Equal("bar", (await LoadSessionAsync(session.SessionKey)).Get<string>("foo"));
        await AdvanceTimeAsync(TimeSpan.FromSeconds(2));
        Assert.Null((await LoadSessionAsync(session.SessionKey)).SessionKey);
    }
}
