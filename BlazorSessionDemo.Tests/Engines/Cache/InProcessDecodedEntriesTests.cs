using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// The cache engine on an in-process <see cref="MemoryDistributedCache"/> keeps the decoded dict of each entry it
/// wrote and reads it back without decoding: these prove the shortcut gives the same answers as decoding would
/// (copies, expiry by the engine's clock) and never trusts an entry it did not write itself.
/// </summary>
public sealed class InProcessDecodedEntriesTests
{
    private const string Secret = "decoded-entries-tests-only-secret-0123456789-abc";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Load_GivesACopy_AChangeNotSavedIsNotSeenByTheNextLoad()
    {
        var engine = Engine(new IndexedMemoryCache(_time));
        var key = await CreateAsync(engine, new JsonObject { ["user_id"] = 7, ["cart"] = new JsonArray(1, 2) });

        var first = (await engine.LoadAsync(key))!;
        first["user_id"] = 8;
        first["cart"]!.AsArray().Add(3);
        var second = (await engine.LoadAsync(key))!;

        Assert.Equal("""{"user_id":7,"cart":[1,2]}""", second.ToJsonString());
    }

    [Fact]
    public async Task Save_KeepsWhatWasSaved_NotLaterChangesToTheCallersDict()
    {
        var engine = Engine(new IndexedMemoryCache(_time));
        var data = new JsonObject { ["user_id"] = 7 };
        var key = await CreateAsync(engine, data);

        data["user_id"] = 99;

        Assert.Equal(7, (await engine.LoadAsync(key))!["user_id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Load_OfAnEntryAnotherWriterReplaced_IsDecodedAndVerified()
    {
        var cache = new IndexedMemoryCache(_time);
        var engine = Engine(cache);
        var key = await CreateAsync(engine, new JsonObject { ["user_id"] = 7 });

        // Another writer of the same cache (another engine, as another process would be for a shared cache).
        await Engine(cache).SaveAsync(key, new JsonObject { ["user_id"] = 8 }, _time.GetUtcNow().AddHours(1), mustCreate: false);
        Assert.Equal(8, (await engine.LoadAsync(key))!["user_id"]!.GetValue<int>());

        // A forged entry under the key: its signature fails, so the session is empty, as for any tampered data.
        await cache.TamperSessionDataAsync(CacheSessionEngine.KeyPrefix + key);
        Assert.Empty((await engine.LoadAsync(key))!);
    }

    [Fact]
    public async Task Load_PastTheExpireDate_IsNoSession_EvenWhileTheCacheStillHoldsTheEntry()
    {
        // The cache counts on the real clock, the engine on the test's: only the engine's date can end the session.
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var engine = Engine(cache);
        var key = SessionKeys.Generate();
        await engine.SaveAsync(key, new JsonObject { ["user_id"] = 7 }, _time.GetUtcNow().AddMinutes(5), mustCreate: true);
        Assert.NotNull(await engine.LoadAsync(key));

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.NotNull(await cache.GetAsync(CacheSessionEngine.KeyPrefix + key));
        Assert.Null(await engine.LoadAsync(key));
    }

    [Theory]
    [InlineData(60, false)] // about 540 bytes of JSON: well above the codec's threshold for a stored row, kept plain
    [InlineData(1000, true)] // about 10 KB: compressed, so big sessions don't fill the cache's size limit sooner
    public async Task Save_IsSigned_AndCompressedOnlyWhenLarge_AndReadableByAnyCodec(int items, bool compressed)
    {
        // As repetitive as data gets: any stored row of this size would keep the zlib form. An entry that never leaves
        // the process is compressed only where the memory saved is worth a deflate.
        var data = new JsonObject { ["cart"] = new JsonArray([.. Enumerable.Range(0, items).Select(i => (JsonNode?)$"item-{i % 3}")]) };
        Assert.True(data.ToJsonString().Length > 2 * SessionDataCodec.CompressFrom);
        Assert.Equal(compressed, data.ToJsonString().Length >= CacheSessionEngine.InProcessCompressFrom);
        var engine = Engine(new IndexedMemoryCache(_time));
        var key = await CreateAsync(engine, data);

        var stored = (await engine.ReadRawAsync(key))!.SessionData;

        Assert.Equal(compressed, stored.StartsWith('.'));
        // Still Django's signed format: a codec that never saw it verifies it and reads the same dict.
        Assert.Equal(data.ToJsonString(), Codec().Decode(stored).ToJsonString());
    }

    private async Task<string> CreateAsync(CacheSessionEngine engine, JsonObject data)
    {
        var key = SessionKeys.Generate();
        await engine.SaveAsync(key, data, _time.GetUtcNow().AddHours(1), mustCreate: true);
        return key;
    }

    private CacheSessionEngine Engine(IDistributedCache cache) => new(cache, Codec(), _time);

    private SessionDataCodec Codec() =>
        new(new DjangoSigner(Secret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance);
}
