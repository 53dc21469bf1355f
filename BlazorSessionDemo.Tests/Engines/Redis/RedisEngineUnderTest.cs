using DjangoSessions.Catalog;
using DjangoSessions.Redis;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// A redis engine as the engine-level tests build it: a connection of its own from <paramref name="settings"/> (read
/// live, so a test may change the prefix afterwards), Django's codec under a test-only secret, and the test's clock.
/// Disposing it closes the connection.
/// </summary>
internal sealed class RedisEngineUnderTest : IAsyncDisposable
{
    public RedisEngineUnderTest(string secret, RedisSessionSettings settings, TimeProvider time, ISessionEventBus? events = null,
        RedisNearCacheTiming? timing = null)
    {
        Connection = new RedisSessionConnection(Options.Create(settings));
        Codec = new SessionDataCodec(new DjangoSigner(secret, [], SessionDataCodec.Salt, time), NullLoggerFactory.Instance);
        NearCache = new RedisNearCache(Connection, Options.Create(settings), time, events: events, timing: timing);
        Engine = new RedisSessionEngine(Connection, NearCache, Codec, time, Options.Create(settings));
    }

    public RedisSessionConnection Connection { get; }

    public SessionDataCodec Codec { get; }

    public RedisSessionEngine Engine { get; }

    /// <summary>The engine's near cache (armed in the background once the engine first reads).</summary>
    public RedisNearCache NearCache { get; }

    public async ValueTask DisposeAsync()
    {
        await NearCache.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
