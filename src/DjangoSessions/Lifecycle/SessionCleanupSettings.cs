namespace DjangoSessions.Lifecycle;

/// <summary>
/// How expired sessions are deleted (Django's <c>clearsessions</c>, here also run on a timer), owned by the cleanup job.
/// Bound from the flat <c>Session</c> keys (<c>Session:CleanupInterval</c>, <c>Session:CleanupBatchSize</c>,
/// <c>Session:CleanupBatchPause</c>, <c>Session:CleanupLeaseLength</c>).
/// </summary>
public sealed class SessionCleanupSettings
{
    /// <summary>How often a background job deletes expired sessions (Django's clearsessions); null = never.</summary>
    public TimeSpan? CleanupInterval { get; set; }

    /// <summary>Rows deleted per statement by clearsessions, so a big purge never holds one long write lock.</summary>
    public int CleanupBatchSize { get; set; } = 1000;

    /// <summary>
    /// The pause between two full batches, so a big purge yields the CPU to requests (on one core, 500k rows in
    /// unpaced batches raised E2's p99 from 9 to 70 ms). Zero = no pause.
    /// </summary>
    public TimeSpan CleanupBatchPause { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How long the node that runs the timed cleanup holds the cleanup lease before another node may take over (it is
    /// renewed while a run lasts and at the leader's next tick). Null = twice <see cref="CleanupInterval"/>, at least one
    /// minute: the leader keeps the lease from one tick to the next, and a dead leader is replaced within that time.
    /// </summary>
    public TimeSpan? CleanupLeaseLength { get; set; }

    /// <summary><see cref="CleanupLeaseLength"/>, or its default when absent.</summary>
    public TimeSpan EffectiveLeaseLength => CleanupLeaseLength
        ?? TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, 2 * (CleanupInterval ?? TimeSpan.Zero).Ticks));
}
