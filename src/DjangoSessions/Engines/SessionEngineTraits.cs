namespace DjangoSessions;

/// <summary>
/// What an engine's store is like, as data the framework decides on (instead of checking engine names): whether its
/// sessions outlive the process, whether other processes see them, and whether <c>clear_expired</c> has work to do.
/// </summary>
/// <param name="SurvivesRestart">Sessions are still there after the app restarts (false for an in-process cache).</param>
/// <param name="SharedAcrossProcesses">Another app process on the same store sees the same sessions.</param>
/// <param name="ClearsExpired">
/// <c>clear_expired</c> deletes something; false when the store drops expired entries itself (cache, Redis TTLs),
/// as Django's cache backends do nothing there.
/// </param>
public sealed record SessionEngineTraits(bool SurvivesRestart, bool SharedAcrossProcesses, bool ClearsExpired)
{
    /// <summary>A database or disk that every process shares and that keeps expired rows until purged (db, file).</summary>
    public static SessionEngineTraits Persistent { get; } = new(SurvivesRestart: true, SharedAcrossProcesses: true, ClearsExpired: true);
}
