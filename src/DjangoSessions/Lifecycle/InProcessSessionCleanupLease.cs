namespace DjangoSessions.Lifecycle;

/// <summary>
/// The lease for a single node: kept in this process's memory on the app's clock. Two cleanups in one process (two
/// hosts in tests) still take turns; other processes can't see it, so on several nodes register a shared lease.
/// </summary>
public sealed class InProcessSessionCleanupLease(TimeProvider time) : ISessionCleanupLease
{
    private readonly Lock _lock = new();
    private string? _holder;
    private DateTimeOffset _expires;

    /// <inheritdoc/>
    public Task<bool> TryAcquireAsync(string holder, TimeSpan length, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_holder is not null && _holder != holder && _expires > now)
            {
                return Task.FromResult(false);
            }
            (_holder, _expires) = (holder, now + length);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(string holder, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_holder == holder)
            {
                _holder = null;
            }
        }
        return Task.CompletedTask;
    }
}
