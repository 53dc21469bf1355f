namespace DjangoSessions.Lifecycle;

/// <summary>
/// The right to run the timed cleanup (Django's <c>clearsessions</c>) for a while: with every node on the same
/// <c>Session:CleanupInterval</c>, only the node holding the lease deletes, so each expired row is deleted once, by
/// one leader, instead of N cleanups racing over the same rows. The default is in-process (one node); the Redis and
/// EF Core libraries register leases that span nodes (a Redis lock, a lease row).
/// </summary>
public interface ISessionCleanupLease
{
    /// <summary>
    /// Takes the lease for <paramref name="holder"/> until <paramref name="length"/> from now, or extends it when
    /// <paramref name="holder"/> already has it. False while another holder's lease is unexpired. One atomic step in the
    /// store: two nodes asking at once never both get true.
    /// </summary>
    Task<bool> TryAcquireAsync(string holder, TimeSpan length, CancellationToken cancellationToken);

    /// <summary>Gives the lease up if <paramref name="holder"/> still has it (never someone else's).</summary>
    Task ReleaseAsync(string holder, CancellationToken cancellationToken);
}
