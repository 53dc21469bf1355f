using System.Text.RegularExpressions;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// Session keys (Django: test_invalid_key, test_session_key_empty_string_invalid, test_session_key_too_short_invalid,
/// test_session_key_is_read_only). Stricter than Django by design: anything that is not of the engine's key shape
/// (32 chars of [a-z0-9] unless the engine says otherwise) is no session at all and never reaches the store.
/// </summary>
public abstract partial class SessionEngineContractTests
{
    /// <summary>Values that are not of the engine's key shape; engines with another shape supply their own.</summary>
    protected virtual IReadOnlyList<string> MalformedKeys => ServerSideMalformedKeys;

    private static readonly string[] ServerSideMalformedKeys =
    [
        "",
        "1",
        "1234567",
        "abcdefghijklmnopqrstuvwxyz01234",
        "abcdefghijklmnopqrstuvwxyz0123456",
        "abcdefghijklmno/qrstuvwxyz012345",
        "a/b",
        "..\\x",
        "../../../../etc/passwd",
        new string('a', 4096),
        "abcdefghijklmnopqrstuvwxyz01234é",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
        "abcdefghijklmnop rstuvwxyz012345",
    ];

    [Fact]
    public async Task Save_GeneratesKeyOfTheEnginesShape()
    {
        var session = await SaveNewSessionAsync(("a", 1));

        Assert.Matches(new Regex(IssuedKeyPattern), session.SessionKey);
        Assert.True(Engine.IsWellFormedKey(session.SessionKey));
    }

    [Fact]
    public async Task Save_TwoNewSessions_GetDistinctKeys()
    {
        var first = await SaveNewSessionAsync(("a", 1));
        var second = await SaveNewSessionAsync(("a", 1));

        Assert.NotEqual(first.SessionKey, second.SessionKey);
    }

    [Fact]
    public void SessionKey_WellFormedGivenKey_IsKeptUntilLoad()
    {
        // test_session_key_valid_string_saved: a well-formed key is accepted as given (the store decides on load).
        var key = NewUnknownKey();

        Assert.Equal(key, NewSession(key).SessionKey);
    }

    [Fact]
    public void SessionKey_IsReadOnly()
    {
        // test_session_key_is_read_only: only the framework changes the key (create, flush, cycle_key).
        var setter = typeof(DjangoSession).GetProperty(nameof(DjangoSession.SessionKey))!.SetMethod;

        Assert.True(setter is null || !setter.IsPublic);
    }

    [Fact]
    public async Task Load_UnknownKey_ReturnsEmpty_DropsKey()
    {
        var unknown = NewUnknownKey();

        var session = await LoadSessionAsync(unknown);

        Assert.Equal(0, session.Count);
        Assert.Null(session.SessionKey);
        Assert.False(await session.ExistsAsync(unknown));
    }

    [Fact]
    public async Task Save_AfterLoadingUnknownKey_StoresUnderFreshKey_NeverTheGivenOne()
    {
        // test_invalid_key: a guessed or purged key is never adopted (session fixation).
        var unknown = NewUnknownKey();
        var session = await LoadSessionAsync(unknown);
        session["cat"] = "dog";

        await session.SaveAsync();

        Assert.NotNull(session.SessionKey);
        Assert.NotEqual(unknown, session.SessionKey);
        Assert.False(await session.ExistsAsync(unknown));
        Assert.Equal("dog", (await LoadSessionAsync(session.SessionKey)).Get<string>("cat"));
    }

    [Fact]
    public async Task Save_UnloadedSessionWithUnknownKey_ThrowsUpdateError_StoresNothing()
    {
        // Django: save() without must_create on a key the store doesn't hold is an UpdateError, never an insert.
        // The engine must not be asked to write under a dropped (null) key either: that is no key at all.
        var unknown = NewUnknownKey();
        var recorder = new RecordingSessionEngine(Engine);
        var session = new DjangoSession(recorder, Settings, Time, unknown);

        await Assert.ThrowsAsync<SessionUpdateException>(() => session.SaveAsync());

        Assert.All(recorder.Calls, call => Assert.NotNull(call.Key));
        Assert.DoesNotContain(recorder.Calls, call => call.Operation == nameof(ISessionEngine.SaveAsync));
        Assert.False(await session.ExistsAsync(unknown));
    }

    [Fact]
    public async Task MalformedKey_IsNoSession()
    {
        foreach (var key in MalformedKeys)
        {
            var session = NewSession(key);
            Assert.True(session.SessionKey is null, $"'{Shorten(key)}' was kept as a session key");
            Assert.True(session.IsEmpty, $"'{Shorten(key)}' made a non-empty session");

            await session.LoadAsync();

            Assert.True(session.SessionKey is null, $"'{Shorten(key)}' was kept after load");
            Assert.True(session.Count == 0, $"'{Shorten(key)}' loaded data");
            Assert.False(await session.ExistsAsync(key), $"'{Shorten(key)}' exists");
        }
    }

    [Fact]
    public async Task MalformedKey_NeverReachesTheStore()
    {
        var recorder = new RecordingSessionEngine(Engine);
        foreach (var key in MalformedKeys)
        {
            var session = new DjangoSession(recorder, Settings, Time, key);
            await session.LoadAsync();
            await session.ExistsAsync(key);
            await session.DeleteAsync(key);
            session["a"] = 1;
            await session.SaveAsync();

            Assert.NotEqual(key, session.SessionKey);
            Assert.Matches(IssuedKeyPattern, session.SessionKey);
        }

        // The only store calls are the creates under fresh keys: no load, exists or delete of a malformed key.
        Assert.All(recorder.Calls, call => Assert.Equal(nameof(ISessionEngine.SaveAsync), call.Operation));
        Assert.All(recorder.Calls, call => Assert.DoesNotContain(call.Key, MalformedKeys));
        Assert.Equal(MalformedKeys.Count, recorder.Calls.Count);
    }

    [Fact]
    public async Task Delete_MalformedKey_IsNoOp()
    {
        var session = await SaveNewSessionAsync(("a", 1));

        foreach (var key in MalformedKeys)
        {
            await session.DeleteAsync(key);
        }

        Assert.True(await session.ExistsAsync(session.SessionKey!));
        Assert.Equal(1, (await LoadSessionAsync(session.SessionKey)).Get<int>("a"));
    }

    private static string Shorten(string key) => key.Length > 40 ? key[..40] + "…" : key;
}
