
namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The contract for engines that keep sessions in a store of their own (db, cache, file, redis): on top of the shared
/// behaviours, what the store holds can be counted, so every "no record created", "one record, not two" and
/// clear_expired claim is checked in the store itself. signed_cookies keeps sessions in browsers, where the number of
/// live sessions can't be known, and derives from <see cref="SessionEngineContractTests"/> directly.
/// </summary>
public abstract partial class ServerSideSessionEngineContractTests : SessionEngineContractTests
{
    /// <summary>An engine over this instance's store that encodes with <paramref name="codec"/>.</summary>
    protected abstract ISessionEngine CreateEngine(SessionDataCodec codec);

    /// <summary>How many sessions the store holds, read from the store itself ("no row created" checks).</summary>
    protected abstract Task<int> CountStoredSessionsAsync();

    /// <summary>Server-side engines all encode with the session codec (salt <c>django.contrib.sessions.SessionStore</c>).</summary>
    protected sealed override ISessionEngine CreateEngine(string secret, params string[] fallbacks) =>
        CreateEngine(CreateCodec(secret, fallbacks));

    [Fact]
    public async Task Save_TwoNewSessions_StoresTwoRecords()
    {
        await SaveNewSessionAsync(("a", 1));
        await SaveNewSessionAsync(("a", 1));

        Assert.Equal(2, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task Load_UnknownKey_CreatesNoRecord()
    {
        // test_session_load_does_not_create_record (CVE-2015-5143): reading a made-up key must not fill the store.
        var unknown = NewUnknownKey();

        await LoadSessionAsync(unknown);
        await NewSession().ExistsAsync(unknown);

        Assert.Equal(0, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task Save_AfterLoadingUnknownKey_StoresOneRecord()
    {
        var session = await LoadSessionAsync(NewUnknownKey());
        session["cat"] = "dog";

        await session.SaveAsync();

        Assert.Equal(1, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task Save_UnloadedSessionWithUnknownKey_CreatesNoRecord()
    {
        var session = NewSession(NewUnknownKey());

        await Assert.ThrowsAsync<SessionUpdateException>(() => session.SaveAsync());

        Assert.Equal(0, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task Save_NewSession_StoresOneRecord()
    {
        await SaveNewSessionAsync(("cat", "dog"));

        Assert.Equal(1, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task Save_Again_KeepsTheKey_WithoutNewRecord()
    {
        var session = await SaveNewSessionAsync(("a", 1));
        var key = session.SessionKey;

        session["a"] = 2;
        await session.SaveAsync();

        Assert.Equal(key, session.SessionKey);
        Assert.Equal(1, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task Clear_ThenSave_KeepsTheKey_WithoutNewRecord()
    {
        var saved = await SaveNewSessionAsync(("x", 1));
        var session = await LoadSessionAsync(saved.SessionKey);

        session.Clear();
        await session.SaveAsync();

        Assert.Equal(saved.SessionKey, session.SessionKey);
        Assert.Equal(0, (await LoadSessionAsync(saved.SessionKey)).Count);
        Assert.Equal(1, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task Delete_OwnKey_RemovesTheRecord()
    {
        var session = await SaveNewSessionAsync(("a", 1));

        await session.DeleteAsync();

        Assert.Equal(0, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task Flush_RemovesTheRecord()
    {
        var session = await SaveNewSessionAsync(("foo", "bar"));

        await session.FlushAsync();

        Assert.Equal(0, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task Flush_UnsavedSession_StoresNothing()
    {
        var session = await LoadSessionAsync(null);
        session["a"] = 1;

        await session.FlushAsync();

        Assert.True(session.IsEmpty);
        Assert.Equal(0, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task CycleKey_ThenSave_LeavesOneRecord()
    {
        var session = await SaveNewSessionAsync(("user_id", 7));

        await session.CycleKeyAsync();
        await session.SaveAsync();

        Assert.Equal(1, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task CycleKey_EmptyNewSession_StoresOneRecord()
    {
        await NewSession().CycleKeyAsync();

        Assert.Equal(1, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task Save_AfterOtherContextDeleted_LeavesNoRecord()
    {
        var first = await SaveNewSessionAsync(("test_data", "value1"));
        await NewSession(first.SessionKey).DeleteAsync();

        first["test_data"] = "value2";
        await Assert.ThrowsAsync<SessionUpdateException>(() => first.SaveAsync());

        Assert.Equal(0, await CountStoredSessionsAsync());
    }
}
