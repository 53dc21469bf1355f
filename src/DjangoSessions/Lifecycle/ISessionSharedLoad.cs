using System.Text.Json.Nodes;
using DjangoSessions.Concurrency;

namespace DjangoSessions.Lifecycle;

/// <summary>
/// An engine's load that hands out the dict its memo keeps (the codec's verified data, the in-process cache's decoded
/// entry) instead of a copy of it. Only the session's own load uses it: the session reads that dict in place and
/// copies it on its first change or the first node it hands out (<c>SessionValues</c>), so a request that only reads
/// - most requests - copies nothing. Anyone else gets a copy, as <see cref="ISessionEngine.LoadAsync"/> promises.
/// </summary>
internal interface ISessionSharedLoad
{
    /// <summary>
    /// The live session's data, or null. On an engine that compares and swaps, <see cref="LoadedSessionData.Version"/>
    /// is what <c>LoadVersionedAsync</c> would give.
    /// </summary>
    ValueTask<LoadedSessionData?> LoadSharedAsync(string sessionKey, CancellationToken cancellationToken);
}

/// <summary>
/// A session's data as loaded for the session itself. <paramref name="Shared"/>: the dict is also the engine's (its
/// memo's), to be read and never changed; copy it before any change.
/// </summary>
internal sealed record LoadedSessionData(JsonObject Data, string? Version, bool Shared)
{
    /// <summary>The versioned load everyone else gets: the same data, as a copy of its own.</summary>
    public VersionedSessionData ToVersioned() =>
        new(Shared ? Data.DeepClone().AsObject() : Data, Version ?? throw new InvalidOperationException("This load has no version."));
}
