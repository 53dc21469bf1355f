namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// clear_expired on a store that holds the sessions (Django: test_clearsessions_command): it removes exactly the
/// expired records and says how many, or finds none left for stores that expire sessions themselves (cache, redis:
/// <see cref="SessionEngineContractTests.StoreExpiresSessionsItself"/>). Time moves with FakeTimeProvider, never with sleeps.
/// </summary>
public abstract partial class ServerSideSessionEngineContractTests
{
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
        // A store that expires sessions itself never holds one that is already expired.
        Assert.Equal(StoreExpiresSessionsItself ? 1 : 2, await CountStoredSessionsAsync());

        var removed = await live.ClearExpiredAsync();

        Assert.Equal(StoreExpiresSessionsItself ? 0 : 1, removed);
        Assert.Equal(1, await CountStoredSessionsAsync());
        Assert.True(await live.ExistsAsync(live.SessionKey!));
        Assert.False(await live.ExistsAsync(expired.SessionKey!));
    }

    [Fact]
    public async Task ClearExpired_AfterTimePasses_RemovesSessionsThatAgedOut()
    {
        Settings.Cookie.CookieAge = 100;
        var first = await SaveNewSessionAsync(("n", 1));
        await AdvanceTimeAsync(TimeSpan.FromSeconds(50));
        var second = await SaveNewSessionAsync(("n", 2));
        await AdvanceTimeAsync(TimeSpan.FromSeconds(51));

        var removed = await second.ClearExpiredAsync();

        Assert.Equal(StoreExpiresSessionsItself ? 0 : 1, removed);
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
        Settings.Cleanup.CleanupBatchSize = 2;
        Settings.Cookie.CookieAge = 10;
        for (var i = 0; i < 5; i++)
        {
            await SaveNewSessionAsync(("i", i));
        }
        await AdvanceTimeAsync(TimeSpan.FromSeconds(11));
        // The survivor lives longer through its own expiry, not a changed SESSION_COOKIE_AGE: engines that store no
        // expire_date (Django's file backend: mtime + the cookie age when read) would apply a new age to every session.
        var survivor = await LoadSessionAsync(null);
        survivor["i"] = 99;
        survivor.SetExpiry(1000);
        await survivor.SaveAsync();

        Assert.Equal(StoreExpiresSessionsItself ? 0 : 5, await survivor.ClearExpiredAsync());
        Assert.Equal(1, await CountStoredSessionsAsync());
    }
}
