namespace DjangoSessions.Concurrency;

/// <summary>
/// Per-key write serialization for this process: a fixed set of striped async locks, each with a version that every
/// save or delete under it bumps. A request remembers the version it loaded at; when it saves and the version moved,
/// another request wrote in between and the save merges instead of overwriting (Django and ASP.NET Core's own session
/// both let the last writer win and lose the other request's keys). Striping bounds memory at any number of sessions;
/// two keys sharing a stripe only cost an unnecessary reload, never a wrong merge.
/// </summary>
internal static class SessionWriteLocks
{
    private const int StripeCount = 1024;
    private static readonly SemaphoreSlim[] Locks = CreateLocks();
    private static readonly long[] Versions = new long[StripeCount];

    public static long VersionOf(string sessionKey) => Volatile.Read(ref Versions[StripeOf(sessionKey)]);

    /// <summary>Holds the key's stripe until the returned handle is disposed. Never hold two at once.</summary>
    public static async Task<Releaser> AcquireAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(sessionKey);
        await Locks[stripe].WaitAsync(cancellationToken);
        return new Releaser(stripe);
    }

    private static int StripeOf(string sessionKey) => (int)((uint)StringComparer.Ordinal.GetHashCode(sessionKey) % StripeCount);

    private static SemaphoreSlim[] CreateLocks()
    {
        var locks = new SemaphoreSlim[StripeCount];
        for (var i = 0; i < locks.Length; i++)
        {
            locks[i] = new SemaphoreSlim(1, 1);
        }
        return locks;
    }

    /// <summary>The held stripe: <see cref="Bump"/> after a write, dispose to release.</summary>
    public readonly struct Releaser(int stripe) : IDisposable
    {
        public void Bump() => Interlocked.Increment(ref Versions[stripe]);

        public void Dispose() => Locks[stripe].Release();
    }
}
