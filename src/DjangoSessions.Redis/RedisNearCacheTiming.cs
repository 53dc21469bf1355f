namespace DjangoSessions.Redis;

/// <summary>
/// How the near cache proves its invalidations arrive: a probe every <paramref name="ReprobeInterval"/> while armed,
/// failed when its invalidation takes longer than <paramref name="ProbeWait"/> (write included). Together they bound
/// how long copies are used after invalidations stop arriving without any connection error.
/// </summary>
internal sealed record RedisNearCacheTiming(TimeSpan ReprobeInterval, TimeSpan ProbeWait)
{
    public static RedisNearCacheTiming Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));
}
