using System.Text;
using DjangoSessions.Lifecycle;
using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>The session's own load, every request's read: from the near cache, else one GET.</summary>
internal sealed partial class RedisSessionEngine
{
    /// <summary>
    /// <see cref="LoadVersionedAsync"/> without the copy, for the session's own load (never to be changed): from the
    /// near cache while Redis hasn't invalidated it, else a GET (with the key's TTL when the copy may be kept).
    /// </summary>
    ValueTask<LoadedSessionData?> ISessionSharedLoad.LoadSharedAsync(string sessionKey, CancellationToken cancellationToken)
    {
        if (nearCache.Get(sessionKey) is { } kept)
        {
            return new(kept);
        }
        return nearCache.BeginFill(sessionKey) is { } fill
            ? LoadFillingAsync(sessionKey, fill, cancellationToken)
            : LoadPlainAsync(StoredRedisKey(sessionKey), cancellationToken);
    }

    /// <summary>
    /// Every request's read without the near cache: a plain GET into a pooled buffer, whose bytes the codec's memo
    /// knows when the data is unchanged, so neither an array nor a string is made for it; pipelined with the other
    /// requests' reads (<see cref="RedisReadPipeline"/>) unless <c>PipelineReads</c> is off. The fault mapping of
    /// <see cref="Guard{T}"/> is written out, without its closure and delegate.
    /// </summary>
    private async ValueTask<LoadedSessionData?> LoadPlainAsync(RedisKey key, CancellationToken cancellationToken)
    {
        Lease<byte>? lease;
        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken);
            lease = await (_pipelineReads ? _reads.StringGetLeaseAsync(database, key) : database.StringGetLeaseAsync(key));
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new SessionStoreUnavailableException(SessionEngineNames.Redis, ex);
        }
        using (lease)
        {
            return lease is null ? null : Loaded(lease.Span);
        }
    }

    /// <summary>
    /// A read that fills the near cache: the key's TTL comes with the data (PTTL and GET in one round trip), since a
    /// copy must not outlive the key (Redis may drop an expired key late). The claim is given back on any failure.
    /// </summary>
    private async ValueTask<LoadedSessionData?> LoadFillingAsync(string sessionKey, RedisNearCache.NearCacheFill fill,
        CancellationToken cancellationToken)
    {
        LoadedSessionData? loaded = null;
        try
        {
            RedisValueWithExpiry read;
            try
            {
                read = await (await connection.GetDatabaseAsync(cancellationToken)).StringGetWithExpiryAsync(StoredRedisKey(sessionKey));
            }
            catch (Exception ex) when (IsUnavailable(ex))
            {
                throw new SessionStoreUnavailableException(SessionEngineNames.Redis, ex);
            }
            if (read.Value.IsNull)
            {
                return null;
            }
            loaded = Loaded(((ReadOnlyMemory<byte>)read.Value).Span);
            fill.Complete(loaded, read.Expiry);
            return loaded;
        }
        finally
        {
            if (loaded is null)
            {
                fill.Abandon();
            }
        }
    }

    // Missing or expired keys never get here; corrupt data decodes to {} (the codec logs it).
    private LoadedSessionData Loaded(ReadOnlySpan<byte> stored) =>
        new(codec.DecodeShared(stored, out var text), text, Shared: true);

    /// <summary>
    /// <see cref="StoredKey"/> as the bytes Redis gets, without a string: the prefix is kept as UTF-8 and
    /// StackExchange.Redis writes it and the session key one after the other.
    /// </summary>
    private RedisKey StoredRedisKey(string sessionKey) => _keyPrefix is null ? sessionKey : ((RedisKey)sessionKey).Prepend(_keyPrefix);

    private readonly bool _pipelineReads = settings.Value.PipelineReads;
    private readonly RedisReadPipeline _reads = reads ?? new RedisReadPipeline();

    private readonly byte[]? _keyPrefix = string.IsNullOrEmpty(settings.Value.Prefix) ? null : Encoding.UTF8.GetBytes(settings.Value.Prefix + ":");
}
