using System.Threading.RateLimiting;

namespace BlazorSessionDemo.Auth.Lockout;

/// <summary>
/// A sliding-log <see cref="RateLimiter"/> on an injected <see cref="TimeProvider"/>: at most <c>limit</c> permits in any
/// <c>window</c>. The built-in window limiters read the machine's stopwatch and can't give a permit back; a login
/// limiter needs both: tests move a fake clock, and a login that turns out to be good returns its permit
/// (<see cref="Refund"/>, <see cref="Reset"/>), so only failures are counted.
/// </summary>
public sealed class FailureWindowLimiter(int limit, TimeSpan window, TimeProvider time) : RateLimiter
{
    private readonly LinkedList<DateTimeOffset> _uses = new();
    private readonly Lock _lock = new();

    /// <summary>Idle once nothing in the window counts any more: the limiter can be dropped, it would admit anything.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                var now = time.GetUtcNow();
                Prune(now);
                return _uses.Count > 0 ? null : TimeSpan.Zero;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Prune(time.GetUtcNow());
            return new RateLimiterStatistics { CurrentAvailablePermits = Math.Max(0, limit - _uses.Count) };
        }
    }

    /// <summary>Gives back the most recent permit (an attempt that turned out not to be a failure).</summary>
    public void Refund()
    {
        lock (_lock)
        {
            if (_uses.Count > 0)
            {
                _uses.RemoveLast();
            }
        }
    }

    /// <summary>Forgets every use: the account logged in, its failures no longer count.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _uses.Clear();
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        lock (_lock)
        {
            var now = time.GetUtcNow();
            Prune(now);
            // permitCount 0 asks "would one be granted?", as RateLimiter defines it.
            if (_uses.Count + Math.Max(permitCount, 1) <= limit)
            {
                for (var i = 0; i < permitCount; i++)
                {
                    _uses.AddLast(now);
                }
                return Lease.Granted;
            }
            // The window has to slide past enough old uses to make room for this request.
            var freed = _uses.Skip(Math.Max(0, _uses.Count + Math.Max(permitCount, 1) - limit - 1)).FirstOrDefault(now);
            return new Lease(false, permitCount > limit ? null : freed + window - now);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Prune(DateTimeOffset now)
    {
        while (_uses.First is { } first && first.Value + window <= now)
        {
            _uses.RemoveFirst();
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
