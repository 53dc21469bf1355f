using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Lifecycle;

/// <summary>
/// One timed cleanup, run only by the holder of the <see cref="ISessionCleanupLease"/>: N nodes on the same
/// <c>Session:CleanupInterval</c> delete each expired session once, by the leader, instead of N racing deletes (the
/// cross-node deadlocks Spring Session's and ASP.NET Core's users report). The lease is renewed every third of its
/// length while the run lasts; when a renewal fails the run is cancelled, so a node that lost the lease stops. After a
/// run the lease is kept (the leader renews it at its next tick); the service releases it when the node shuts down, and
/// a node that dies just lets it expire.
/// </summary>
public sealed class LeasedSessionCleanup
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<DjangoSessionSettings> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LeasedSessionCleanup> _logger;

    /// <summary>Cleanup with the given lease; <see cref="Holder"/> names this node (machine, process, and a random part for two hosts in one process).</summary>
    public LeasedSessionCleanup(IServiceScopeFactory scopes, ISessionCleanupLease lease, IOptions<DjangoSessionSettings> options,
        TimeProvider time, ILogger<LeasedSessionCleanup> logger)
    {
        _scopes = scopes;
        Lease = lease;
        _options = options;
        _time = time;
        _logger = logger;
        Holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }

    /// <summary>The lease this node's cleanups take.</summary>
    public ISessionCleanupLease Lease { get; }

    /// <summary>This node's name in the lease, and in the log line of every cleanup it runs.</summary>
    public string Holder { get; }

    /// <summary>How long a taken lease lasts: <c>Session:CleanupLeaseLength</c>.</summary>
    public TimeSpan LeaseLength => _options.Value.Cleanup.EffectiveLeaseLength;

    /// <summary>Takes (or renews) the lease and, if this node has it, deletes the expired sessions.</summary>
    public async Task<SessionCleanupRun> RunOnceAsync(CancellationToken cancellationToken)
    {
        var length = LeaseLength;
        if (!await Lease.TryAcquireAsync(Holder, length, cancellationToken))
        {
            SessionCleanupLog.NotLeader(_logger, Holder);
            return new SessionCleanupRun(SessionCleanupOutcome.NotLeader, 0, Holder);
        }
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var renewing = new CancellationTokenSource();
        var lost = false;
        var renewal = RenewWhileRunningAsync(length, () =>
        {
            lost = true;
            run.Cancel();
        }, renewing.Token);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<SessionLifecycle>().ClearExpiredAsync(run.Token);
            if (result.FromEngine is not { } removed)
            {
                return new SessionCleanupRun(SessionCleanupOutcome.Unsupported, 0, Holder);
            }
            SessionCleanupLog.Ran(_logger, Holder, removed, result.FromCatalog);
            return new SessionCleanupRun(SessionCleanupOutcome.Ran, removed, Holder);
        }
        catch (OperationCanceledException) when (lost && !cancellationToken.IsCancellationRequested)
        {
            SessionCleanupLog.LostLease(_logger, Holder);
            return new SessionCleanupRun(SessionCleanupOutcome.LostLease, 0, Holder);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }
    }

    /// <summary>Gives the lease up (this node is shutting down), so another node need not wait for it to expire.</summary>
    public Task ReleaseAsync(CancellationToken cancellationToken) => Lease.ReleaseAsync(Holder, cancellationToken);

    private async Task RenewWhileRunningAsync(TimeSpan length, Action onLost, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(length / 3, _time, stop);
                bool renewed;
                try
                {
                    renewed = await Lease.TryAcquireAsync(Holder, length, stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Unable to prove the lease is still ours: stop rather than run beside a new leader.
                    SessionCleanupLog.RenewFailed(_logger, Holder, ex);
                    renewed = false;
                }
                if (!renewed)
                {
                    onLost();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }
}
