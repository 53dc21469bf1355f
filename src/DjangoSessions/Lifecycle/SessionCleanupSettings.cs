namespace DjangoSessions.Lifecycle;

/// <summary>
/// How expired sessions are deleted (Django's <c>clearsessions</c>, here also run on a timer), owned by the cleanup job.
/// Bound from the flat <c>Session</c> keys (<c>Session:CleanupInterval</c>, <c>Session:CleanupBatchSize</c>).
/// </summary>
public sealed class SessionCleanupSettings
{
    /// <summary>How often a background job deletes expired sessions (Django's clearsessions); null = never.</summary>
    public TimeSpan? CleanupInterval { get; set; }

    /// <summary>Rows deleted per statement by clearsessions, so a big purge never holds one long write lock.</summary>
    public int CleanupBatchSize { get; set; } = 1000;
}
