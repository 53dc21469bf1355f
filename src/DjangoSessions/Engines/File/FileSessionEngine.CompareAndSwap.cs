using System.Text;
using System.Text.Json.Nodes;
using DjangoSessions.Concurrency;
using DjangoSessions.Lifecycle;

namespace DjangoSessions.Engines;

/// <summary>
/// Compare-and-swap on session files: the version is the file's content as stored (Django's encoded session data), so
/// nothing is added to the folder's format and a Django app reading it still works. The compare and the rename happen
/// while holding the session's lock file (<see cref="FileSessionLock"/>), which every instance of this app on the folder
/// takes, in this process or another. A Django app writing the same folder doesn't take it: its saves are plain renames,
/// so last write wins on its side, and this side's next swap sees its data and merges onto it.
/// </summary>
internal sealed partial class FileSessionEngine : ISessionCompareAndSwap, ISessionSharedLoad
{
    public async Task<VersionedSessionData?> LoadVersionedAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        (await ((ISessionSharedLoad)this).LoadSharedAsync(sessionKey, cancellationToken))?.ToVersioned();

    /// <summary><see cref="LoadVersionedAsync"/> without the copy, for the session's own load (never to be changed).</summary>
    ValueTask<LoadedSessionData?> ISessionSharedLoad.LoadSharedAsync(string sessionKey, CancellationToken cancellationToken) =>
        new(Guard(() => _paths.TryGetSessionFile(sessionKey, out var path) && Read(sessionKey, path, shared: true) is ({ } data, _, var stored)
            ? new LoadedSessionData(data, stored, Shared: true)
            : null));

    public Task<string?> SaveIfUnchangedAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, string expectedVersion,
        CancellationToken cancellationToken = default)
    {
        // The expiry is not stored: like Django, it is derived from the file's mtime and the data when read.
        if (!_paths.TryGetSessionFile(sessionKey, out var path))
        {
            throw new ArgumentException("Not a session key this engine can store.", nameof(sessionKey));
        }
        var encoded = _codec.Encode(data, out _, FileSessionFiles.CompressFrom);
        return GuardAsync(async () =>
        {
            RequireFolder();
            // Written before taking the lock, so the lock is held for one read and one rename only.
            var temp = FileSessionFiles.WriteTemp(path, Encoding.ASCII.GetBytes(encoded), _time.GetUtcNow().UtcDateTime);
            var renamed = false;
            try
            {
                using (await FileSessionLock.AcquireAsync(path, cancellationToken))
                lock (StripeOf(sessionKey))
                {
                    if (FileSessionFiles.Read(path) is not (var current, _))
                    {
                        throw new SessionUpdateException("The session was deleted before it could be saved.");
                    }
                    if (!string.Equals(current, expectedVersion, StringComparison.Ordinal))
                    {
                        return null; // Another writer stored something else since the load: nothing is written.
                    }
                    FileSessionReplace.Replace(temp, path);
                    renamed = true;
                }
            }
            finally
            {
                if (!renamed)
                {
                    FileSessionFiles.TryDelete(temp);
                }
            }
            return (string?)encoded;
        });
    }

    /// <summary><see cref="Guard{T}"/> for operations that wait for a session's lock file.</summary>
    private static async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SessionStoreUnavailableException(SessionEngineNames.File, ex);
        }
    }
}
