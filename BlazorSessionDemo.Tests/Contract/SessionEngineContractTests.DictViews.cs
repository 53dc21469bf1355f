namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// update, membership, keys / values / items, clear and del (Django: test_update, test_has_key, test_values,
/// test_keys, test_items, test_clear): reads mark the session accessed but never modified; writes mark both.
/// </summary>
public abstract partial class SessionEngineContractTests
{
    [Fact]
    public async Task Update_AddsAndOverwrites_MarksModified()
    {
        var session = await LoadSessionAsync(null);
        session["kept"] = 1;
        session["replaced"] = "old";
        session.Modified = false;

        session.Update([new("replaced", "new"), new("added", 2)]);

        Assert.True(session.Modified);
        Assert.Equal(1, session.Get<int>("kept"));
        Assert.Equal("new", session.Get<string>("replaced"));
        Assert.Equal(2, session.Get<int>("added"));
    }

    [Fact]
    public async Task ContainsKey_ReportsMembership_WithoutMarkingModified()
    {
        var saved = await SaveNewSessionAsync(("some key", 1));
        var session = await LoadSessionAsync(saved.SessionKey);

        Assert.True(session.ContainsKey("some key"));
        Assert.False(session.ContainsKey("other key"));
        Assert.True(session.Accessed);
        Assert.False(session.Modified);
    }

    [Fact]
    public async Task KeysValuesItems_FollowInsertionOrder_AfterRoundTrip()
    {
        // Python dicts keep insertion order and json.dumps/loads keep it, so a reload lists keys as they were set.
        var saved = await SaveNewSessionAsync(("zeta", 1), ("alpha", 2), ("mid", 3));
        var session = await LoadSessionAsync(saved.SessionKey);

        Assert.Equal(["zeta", "alpha", "mid"], session.Keys);
        Assert.Equal([1, 2, 3], session.Values.Select(v => v!.GetValue<int>()));
        Assert.Equal(["zeta=1", "alpha=2", "mid=3"], session.Items.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal(3, session.Count);
    }

    [Fact]
    public async Task KeysValuesItems_MarkAccessed_NotModified()
    {
        var saved = await SaveNewSessionAsync(("some key", 1));
        var session = NewSession(saved.SessionKey);
        await session.LoadAsync();

        _ = session.Keys;
        _ = session.Values;
        _ = session.Items;

        Assert.True(session.Accessed);
        Assert.False(session.Modified);
    }

    [Fact]
    public async Task Clear_EmptiesData_MarksModifiedAndAccessed()
    {
        var saved = await SaveNewSessionAsync(("x", 1));
        var session = await LoadSessionAsync(saved.SessionKey);
        Assert.Single(session.Items);

        session.Clear();

        Assert.Empty(session.Items);
        Assert.True(session.Accessed);
        Assert.True(session.Modified);
        // clear() empties the data only: the key stays until the session is flushed.
        Assert.Equal(saved.SessionKey, session.SessionKey);
    }

    [Fact]
    public async Task Clear_ThenSave_StoresEmptyData()
    {
        var saved = await SaveNewSessionAsync(("x", 1));
        var session = await LoadSessionAsync(saved.SessionKey);

        session.Clear();
        await session.SaveAsync();

        // clear() keeps the session: a save stores it empty, it does not end it.
        var reloaded = await LoadSessionAsync(session.SessionKey);
        Assert.Equal(session.SessionKey, reloaded.SessionKey);
        Assert.Equal(0, reloaded.Count);
    }

    [Fact]
    public async Task Remove_PresentKey_ReturnsTrue_MarksModified()
    {
        var session = await LoadSessionAsync(null);
        session["a"] = 1;
        session.Modified = false;

        Assert.True(session.Remove("a"));

        Assert.False(session.ContainsKey("a"));
        Assert.True(session.Modified);
    }

    [Fact]
    public async Task Remove_MissingKey_ReturnsFalse_NotModified()
    {
        var session = await LoadSessionAsync(null);

        Assert.False(session.Remove("a"));

        Assert.False(session.Modified);
    }

    [Fact]
    public async Task Remove_ThenSave_KeyIsGoneAfterReload()
    {
        var saved = await SaveNewSessionAsync(("a", 1), ("b", 2));
        var session = await LoadSessionAsync(saved.SessionKey);

        session.Remove("a");
        await session.SaveAsync();

        var reloaded = await LoadSessionAsync(session.SessionKey);
        Assert.Equal(["b"], reloaded.Keys);
    }

    [Fact]
    public async Task Values_OfNewSession_AreEmpty()
    {
        var session = await LoadSessionAsync(null);

        Assert.Empty(session.Values);
        Assert.Empty(session.Items);
        Assert.True(session.Accessed);
        Assert.False(session.Modified);
    }
}
