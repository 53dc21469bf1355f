
namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// Store round trips (Django: test_save, test_delete, test_flush, test_cycle, test_cycle_with_no_session_cache,
/// test_save_doesnt_clear_data, test_session_save_does_not_resurrect_session_logged_out_in_other_context).
/// </summary>
public abstract partial class SessionEngineContractTests
{
    [Fact]
    public async Task Save_NewSession_CreatesKeyThatExists()
    {
        var session = await SaveNewSessionAsync(("cat", "dog"));

        Assert.NotNull(session.SessionKey);
        Assert.True(await session.ExistsAsync(session.SessionKey));
    }

    [Fact]
    public async Task Save_ThenLoadInFreshSession_RoundTripsData()
    {
        var saved = await SaveNewSessionAsync(("cat", "dog"), ("lives", 9));

        var loaded = await LoadSessionAsync(saved.SessionKey);

        Assert.Equal(saved.SessionKey, loaded.SessionKey);
        Assert.Equal("dog", loaded.Get<string>("cat"));
        Assert.Equal(9, loaded.Get<int>("lives"));
        Assert.False(loaded.Modified);
    }

    [Fact]
    public async Task Save_DoesNotClearData()
    {
        var session = await SaveNewSessionAsync(("a", "b"));

        Assert.Equal("b", session.Get<string>("a"));
    }

    [Fact]
    public async Task Save_Again_StoresTheNewData()
    {
        // The key saved under is the session's key afterwards (the same one for server-side stores).
        var session = await SaveNewSessionAsync(("a", 1));

        session["a"] = 2;
        await session.SaveAsync();

        Assert.Equal(2, (await LoadSessionAsync(session.SessionKey)).Get<int>("a"));
    }

    [Fact]
    public async Task Create_StoresEmptySessionUnderNewKey_MarksModified()
    {
        var session = NewSession();

        await session.CreateAsync();

        Assert.NotNull(session.SessionKey);
        Assert.True(session.Modified);
        Assert.True(await session.ExistsAsync(session.SessionKey));
        Assert.Equal(0, (await LoadSessionAsync(session.SessionKey)).Count);
    }

    [Fact]
    public async Task Exists_SavedKeyTrue_UnknownKeyFalse()
    {
        var session = await SaveNewSessionAsync(("a", 1));

        Assert.True(await session.ExistsAsync(session.SessionKey!));
        Assert.False(await session.ExistsAsync(NewUnknownKey()));
    }

    [Fact]
    public async Task Delete_OwnKey_RemovesStoredSession()
    {
        var session = await SaveNewSessionAsync(("a", 1));
        var key = session.SessionKey!;

        await session.DeleteAsync();

        Assert.False(await session.ExistsAsync(key));
        Assert.Null((await LoadSessionAsync(key)).SessionKey);
    }

    [Fact]
    public async Task Delete_OtherKey_RemovesOnlyThatSession()
    {
        var mine = await SaveNewSessionAsync(("who", "me"));
        var other = await SaveNewSessionAsync(("who", "other"));

        await mine.DeleteAsync(other.SessionKey);

        Assert.False(await mine.ExistsAsync(other.SessionKey!));
        Assert.True(await mine.ExistsAsync(mine.SessionKey!));
        Assert.Equal("me", (await LoadSessionAsync(mine.SessionKey)).Get<string>("who"));
    }

    [Fact]
    public async Task Delete_UnknownKey_IsNoOp()
    {
        var session = await SaveNewSessionAsync(("a", 1));

        await session.DeleteAsync(NewUnknownKey());

        Assert.True(await session.ExistsAsync(session.SessionKey!));
        Assert.Equal(1, (await LoadSessionAsync(session.SessionKey)).Get<int>("a"));
    }

    [Fact]
    public async Task Flush_RemovesStoredSession_DropsKey_LeavesEmpty()
    {
        var session = await SaveNewSessionAsync(("foo", "bar"));
        var previousKey = session.SessionKey!;

        await session.FlushAsync();

        Assert.False(await session.ExistsAsync(previousKey));
        Assert.Null(session.SessionKey);
        Assert.True(session.IsEmpty);
        Assert.Equal(0, session.Count);
        Assert.True(session.Modified);
        Assert.True(session.Accessed);
        // Logout: the old key, replayed, is no session.
        var replayed = await LoadSessionAsync(previousKey);
        Assert.Null(replayed.SessionKey);
        Assert.Equal(0, replayed.Count);
    }

    [Fact]
    public async Task CycleKey_KeepsData_UnderNewKey_OldKeyLoadsNothing()
    {
        var session = await SaveNewSessionAsync(("a", "c"), ("b", "d"));
        var previousKey = session.SessionKey!;
        var previousItems = session.Items.Select(p => $"{p.Key}={p.Value}").ToList();

        await session.CycleKeyAsync();

        Assert.NotEqual(previousKey, session.SessionKey);
        Assert.Equal(previousItems, session.Items.Select(p => $"{p.Key}={p.Value}"));
        Assert.False(await session.ExistsAsync(previousKey));
        Assert.True(await session.ExistsAsync(session.SessionKey!));
        var old = await LoadSessionAsync(previousKey);
        Assert.Null(old.SessionKey);
        Assert.Equal(0, old.Count);
    }

    [Fact]
    public async Task CycleKey_ThenSave_NewKeyHoldsTheData()
    {
        var session = await SaveNewSessionAsync(("user_id", 7));

        await session.CycleKeyAsync();
        await session.SaveAsync();

        Assert.Equal(7, (await LoadSessionAsync(session.SessionKey)).Get<int>("user_id"));
    }

    [Fact]
    public async Task CycleKey_WithoutLoadedData_LoadsAndKeepsIt()
    {
        // test_cycle_with_no_session_cache: a fresh SessionStore(key) that never read its data.
        var saved = await SaveNewSessionAsync(("a", "c"), ("b", "d"));
        var session = NewSession(saved.SessionKey);
        Assert.False(session.IsLoaded);

        await session.CycleKeyAsync();

        Assert.NotEqual(saved.SessionKey, session.SessionKey);
        Assert.Equal(["a", "b"], session.Keys);
        Assert.Equal("d", session.Get<string>("b"));
    }

    [Fact]
    public async Task CycleKey_EmptyNewSession_CreatesAStoredKey()
    {
        // cycle_key() calls create() even when there was no key before (e.g. login on a fresh session).
        var session = NewSession();

        await session.CycleKeyAsync();

        Assert.NotNull(session.SessionKey);
        Assert.True(await session.ExistsAsync(session.SessionKey));
        Assert.Equal(0, session.Count);
    }

    [Fact]
    public async Task Save_MustCreateOnExistingKey_ThrowsCreateError_KeepsStoredData()
    {
        var existing = await SaveNewSessionAsync(("owner", "first"));
        var intruder = await LoadSessionAsync(existing.SessionKey);
        intruder["owner"] = "second";

        await Assert.ThrowsAsync<SessionCreateException>(() => intruder.SaveAsync(mustCreate: true));

        Assert.Equal("first", (await LoadSessionAsync(existing.SessionKey)).Get<string>("owner"));
    }

    [Fact]
    public async Task Save_AfterOtherContextDeleted_ThrowsUpdateError_DoesNotResurrect()
    {
        // Logged out in another request while this one still holds the session: saving must not bring it back.
        var first = await LoadSessionAsync(null);
        first["test_data"] = "value1";
        await first.SaveAsync(mustCreate: true);
        var key = first.SessionKey!;
        var other = NewSession(key);
        await other.DeleteAsync();

        first["test_data"] = "value2";
        await Assert.ThrowsAsync<SessionUpdateException>(() => first.SaveAsync());

        Assert.False(await first.ExistsAsync(key));
        Assert.Equal(0, (await LoadSessionAsync(key)).Count);
    }
}
