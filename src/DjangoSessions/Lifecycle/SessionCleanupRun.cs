namespace DjangoSessions.Lifecycle;

/// <summary>How one timed cleanup went on this node.</summary>
public enum SessionCleanupOutcome
{
    /// <summary>This node held the lease and deleted the expired sessions.</summary>
    Ran,

    /// <summary>Another node holds the lease: nothing was done here.</summary>
    NotLeader,

    /// <summary>The lease could not be renewed during the run, so this node stopped part way.</summary>
    LostLease,

    /// <summary>The engine can't list its expired sessions (cache, signed_cookies).</summary>
    Unsupported,
}

/// <summary>One timed cleanup: what happened, how many sessions it removed, and which node it ran on.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Removed">Expired sessions the engine deleted (0 unless <see cref="SessionCleanupOutcome.Ran"/>).</param>
/// <param name="Holder">This node's name in the lease.</param>
public sealed record SessionCleanupRun(SessionCleanupOutcome Outcome, int Removed, string Holder);
