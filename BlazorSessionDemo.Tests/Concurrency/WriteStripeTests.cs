using BlazorSessionDemo.Tests.Contract;
using BlazorSessionDemo.Tests.Engines.Cache;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BlazorSessionDemo.Tests.Concurrency;

/// <summary>
/// A save reloads and merges only when its own session was written since it was loaded. Sessions share write-lock
/// stripes (bounded memory), but a write to one must not make another session's save reload: the benchmark's E3 (32
/// sessions) counted ~1% extra store reads while versions were striped as coarsely as the locks.
/// </summary>
public sealed class WriteStripeTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly DjangoSessionSettings _settings = new();
    private readonly RecordingSessionEngine _engine;

    public WriteStripeTests()
    {
        var codec = new SessionDataCodec(new DjangoSigner(SessionTestHost.Secret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance);
        _engine = new RecordingSessionEngine(new CacheSessionEngine(new IndexedMemoryCache(_time), codec, _time));
    }

    [Fact]
    public async Task Save_AfterAnotherSessionOfTheSameLockStripeWasWritten_DoesNotReload()
    {
        var (first, second) = await TwoKeysOfOneLockStripeAsync();

        await SaveAfterOneWriteOfTheOtherAsync(first, second);

        Assert.Equal(1, _engine.Calls.Count(c => c == ("LoadAsync", first)));
    }

    [Fact]
    public async Task Save_AfterOneWriteOfAnotherSessionOfTheSameVersionStripe_DoesNotReload_AfterTwoItDoes()
    {
        // The version names its last writer's hash: one write by another key since the load is not this key's.
        var (first, second) = await TwoKeysOfOneVersionStripeAsync();
        var b = await SaveAfterOneWriteOfTheOtherAsync(first, second);
        Assert.Equal(1, _engine.Calls.Count(c => c == ("LoadAsync", first)));

        // Two writes since can't be told apart from one of them being this key's: a reload (never a lost write).
        var again = await LoadedAsync(first);
        b["n"] = 2;
        await b.SaveAsync();
        b["n"] = 3;
        await b.SaveAsync();
        again["n"] = 2;
        await again.SaveAsync();
        Assert.Equal(3, _engine.Calls.Count(c => c == ("LoadAsync", first)));
    }

    [Fact]
    public async Task Save_AfterItsOwnSessionWasWritten_ReloadsAndMerges()
    {
        var key = await StoredAsync(SessionKeys.Generate());
        var a = await LoadedAsync(key);
        var b = await LoadedAsync(key);

        b["from_b"] = 1;
        await b.SaveAsync();
        a["from_a"] = 1;
        await a.SaveAsync();

        Assert.Equal(3, _engine.Calls.Count(c => c == ("LoadAsync", key)));
        var merged = await LoadedAsync(key);
        Assert.Equal(1, merged.Get<int>("from_a"));
        Assert.Equal(1, merged.Get<int>("from_b"));
    }

    // Two stored keys of one lock stripe (SessionWriteLocks: hash % 1024) but not of one version stripe (hash %
    // 16384, as fine as memory allows). Keys are random and the hash is per
    // process, so they are searched for (about a thousand keys).
    private async Task<(string First, string Second)> TwoKeysOfOneLockStripeAsync()
    {
        var byStripe = new Dictionary<uint, (string Key, uint Hash)>();
        while (true)
        {
            var key = SessionKeys.Generate();
            var hash = (uint)StringComparer.Ordinal.GetHashCode(key);
            if (byStripe.TryGetValue(hash % 1024, out var other) && other.Hash % (16 * 1024) != hash % (16 * 1024))
            {
                return (await StoredAsync(other.Key), await StoredAsync(key));
            }
            byStripe[hash % 1024] = (key, hash);
        }
    }

    // Two stored keys of one version stripe (hash % 16384): a birthday search, a few hundred keys.
    private async Task<(string First, string Second)> TwoKeysOfOneVersionStripeAsync()
    {
        var byStripe = new Dictionary<uint, string>();
        while (true)
        {
            var key = SessionKeys.Generate();
            var stripe = (uint)StringComparer.Ordinal.GetHashCode(key) % (16 * 1024);
            if (byStripe.TryGetValue(stripe, out var other))
            {
                return (await StoredAsync(other), await StoredAsync(key));
            }
            byStripe[stripe] = key;
        }
    }

    // Both loaded; the second saved once, then the first: returns the second, still loaded, for more writes.
    private async Task<DjangoSession> SaveAfterOneWriteOfTheOtherAsync(string first, string second)
    {
        var a = await LoadedAsync(first);
        var b = await LoadedAsync(second);
        b["n"] = 1;
        await b.SaveAsync();
        a["n"] = 1;
        await a.SaveAsync();
        return b;
    }

    private async Task<string> StoredAsync(string key) =>
        await _engine.SaveAsync(key, new() { ["n"] = 0 }, _time.GetUtcNow().AddHours(1), mustCreate: true);

    private async Task<DjangoSession> LoadedAsync(string key)
    {
        var session = new DjangoSession(_engine, _settings, _time, key);
        await session.LoadAsync();
        return session;
    }
}
