namespace DjangoSessions.Catalog;

/// <summary>
/// The fingerprints last computed, so a session's requests pay SHA-256 once rather than on every authenticated request
/// (the claim that tells a circuit which session it runs on, the catalog's activity, cached_db's invalidation). A
/// fixed table of slots chosen by the id's hash: no lock, no growth; two ids that share a slot just take turns.
/// </summary>
internal static class SessionFingerprintMemo
{
    private const int Slots = 4096;

    private static readonly Entry?[] Table = new Entry?[Slots];

    private sealed record Entry(string SessionId, string Fingerprint);

    /// <summary>The fingerprint of <paramref name="sessionId"/>, from the table or computed by <paramref name="compute"/> and kept.</summary>
    public static string GetOrAdd(string sessionId, Func<string, string> compute)
    {
        // Randomised per process (Marvin), so which ids share a slot can't be chosen from outside.
        var slot = (int)((uint)sessionId.GetHashCode() % Slots);
        // One read of the reference: an entry is immutable, so a concurrent replacement is seen whole or not at all.
        if (Volatile.Read(ref Table[slot]) is { } entry && SessionKeys.SameId(entry.SessionId, sessionId))
        {
            return entry.Fingerprint;
        }
        var fingerprint = compute(sessionId);
        Volatile.Write(ref Table[slot], new Entry(sessionId, fingerprint));
        return fingerprint;
    }
}
