using System.Text.Json.Nodes;
using DjangoSessions.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// The redis engine's create/update rules (Django's CreateError and UpdateError) for every expire date: in the future
/// (SET NX / SET XX), exactly now and already past (<c>set_expiry</c> with an age of zero or less: Redis takes no TTL
/// of zero or less, so nothing is stored, but a taken key is still a CreateError and a gone one still an UpdateError),
/// for the plain save and the compare-and-swap save alike. The messages are asserted too: every engine throws the same
/// text, and it is what an unhandled save failure shows in the log.
/// </summary>
public sealed class RedisEngineSaveRulesTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string Secret = "redis-save-rules-tests-only-secret-0123456789-abcdef";
    private const string KeyInUse = "Session key already in use.";
    private const string DeletedBeforeSave = "The session was deleted before it could be saved.";

    private readonly string _prefix = $"save-rules-{Guid.NewGuid():N}";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560));
    private readonly RedisSessionSettings _redisSettings = new();
    private RedisEngineUnderTest _redis = null!;

    private RedisSessionEngine Engine => _redis.Engine;

    public Task InitializeAsync()
    {
        redis.Configure(_redisSettings, _prefix);
        _redis = new RedisEngineUnderTest(Secret, _redisSettings, _time);
        return Task.CompletedTask;
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private DateTimeOffset InAnHour => Now.AddHours(1);

    private DateTimeOffset TenSecondsAgo => Now.AddSeconds(-10);

    public static TheoryData<string> NowOrPast => new() { "now", "past" };

    private DateTimeOffset Date(string when) => when == "now" ? Now : TenSecondsAgo;

    [Fact]
    public async Task Create_TakenKey_ThrowsKeyInUse()
    {
        var key = await StoreAsync();

        var ex = await Assert.ThrowsAsync<SessionCreateException>(() => Engine.SaveAsync(key, Data(2), InAnHour, mustCreate: true));

        Assert.Equal(KeyInUse, ex.Message);
    }

    [Fact]
    public async Task Update_MissingKey_ThrowsDeletedBeforeSave_AndStoresNothing()
    {
        var key = SessionKeys.Generate();

        var ex = await Assert.ThrowsAsync<SessionUpdateException>(() => Engine.SaveAsync(key, Data(1), InAnHour, mustCreate: false));

        Assert.Equal(DeletedBeforeSave, ex.Message);
        Assert.False(await redis.Database.KeyExistsAsync(StoredKey(key)));
    }

    [Theory]
    [MemberData(nameof(NowOrPast))]
    public async Task Create_ExpireDateNowOrPast_StoresNothing_AndReturnsTheKey(string when)
    {
        var key = SessionKeys.Generate();

        Assert.Equal(key, await Engine.SaveAsync(key, Data(1), Date(when), mustCreate: true));

        Assert.False(await redis.Database.KeyExistsAsync(StoredKey(key)));
    }

    [Theory]
    [MemberData(nameof(NowOrPast))]
    public async Task Create_TakenKey_ExpireDateNowOrPast_ThrowsKeyInUse_AndLeavesTheStoredSession(string when)
    {
        var key = await StoreAsync();

        var ex = await Assert.ThrowsAsync<SessionCreateException>(() => Engine.SaveAsync(key, Data(2), Date(when), mustCreate: true));

        Assert.Equal(KeyInUse, ex.Message);
        Assert.Equal(1, (int)(await Engine.LoadAsync(key))!["n"]!);
    }

    [Theory]
    [MemberData(nameof(NowOrPast))]
    public async Task Update_ExpireDateNowOrPast_DeletesTheStoredSession(string when)
    {
        var key = await StoreAsync();

        Assert.Equal(key, await Engine.SaveAsync(key, Data(2), Date(when), mustCreate: false));

        Assert.False(await redis.Database.KeyExistsAsync(StoredKey(key)));
    }

    [Theory]
    [MemberData(nameof(NowOrPast))]
    public async Task Update_MissingKey_ExpireDateNowOrPast_ThrowsDeletedBeforeSave(string when)
    {
        var ex = await Assert.ThrowsAsync<SessionUpdateException>(
            () => Engine.SaveAsync(SessionKeys.Generate(), Data(1), Date(when), mustCreate: false));

        Assert.Equal(DeletedBeforeSave, ex.Message);
    }

    [Theory]
    [MemberData(nameof(NowOrPast))]
    public async Task SaveIfUnchanged_ExpireDateNowOrPast_DeletesTheStoredSession_AndReturnsAnEmptyVersion(string when)
    {
        // Nothing is stored, so the version handed back is the empty string: no stored session_data ever equals it.
        var key = await StoreAsync();
        var loaded = (await Engine.LoadVersionedAsync(key))!;

        Assert.Equal("", await Engine.SaveIfUnchangedAsync(key, Data(2), Date(when), loaded.Version));

        Assert.False(await redis.Database.KeyExistsAsync(StoredKey(key)));
    }

    [Theory]
    [MemberData(nameof(NowOrPast))]
    public async Task SaveIfUnchanged_MissingKey_ExpireDateNowOrPast_ThrowsDeletedBeforeSave(string when)
    {
        var ex = await Assert.ThrowsAsync<SessionUpdateException>(
            () => Engine.SaveIfUnchangedAsync(SessionKeys.Generate(), Data(1), Date(when), "any version"));

        Assert.Equal(DeletedBeforeSave, ex.Message);
    }

    [Fact]
    public async Task SaveIfUnchanged_KeyDeletedMeanwhile_ThrowsDeletedBeforeSave_AndNeverResurrectsIt()
    {
        var key = await StoreAsync();
        var loaded = (await Engine.LoadVersionedAsync(key))!;
        await redis.Database.KeyDeleteAsync(StoredKey(key));

        var ex = await Assert.ThrowsAsync<SessionUpdateException>(
            () => Engine.SaveIfUnchangedAsync(key, Data(2), InAnHour, loaded.Version));

        Assert.Equal(DeletedBeforeSave, ex.Message);
        Assert.False(await redis.Database.KeyExistsAsync(StoredKey(key)));
    }

    private static JsonObject Data(int n) => new() { ["n"] = n };

    private string StoredKey(string sessionKey) => $"{_prefix}:{sessionKey}";

    /// <summary>A live session {"n": 1} stored through the engine, expiring in an hour.</summary>
    private async Task<string> StoreAsync()
    {
        var key = SessionKeys.Generate();
        await Engine.SaveAsync(key, Data(1), InAnHour, mustCreate: true);
        Assert.True(await redis.Database.KeyExistsAsync(StoredKey(key)));
        return key;
    }

    public async Task DisposeAsync()
    {
        redis.DeleteKeys(_prefix);
        await _redis.DisposeAsync();
    }
}
