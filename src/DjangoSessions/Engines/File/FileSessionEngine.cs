using System.Text;
using System.Text.Json.Nodes;
using DjangoSessions.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Engines;

/// <summary>
/// <c>django.contrib.sessions.backends.file</c>: one file per session named <c>SESSION_COOKIE_NAME + key</c> in
/// SESSION_FILE_PATH, holding exactly the encoded session data, expiring by its modification time (see
/// <see cref="FileSessionExpiry"/>). A Django app pointed at the same folder with the same SECRET_KEY shares the sessions.
/// </summary>
/// <remarks>
/// Writes follow Django's save(): a temp file in the same folder, then an atomic rename over the session file, so a
/// reader sees the old or the new content, never a partial file. The folder is part of the store: it is created when
/// the engine starts; if it is missing or unusable later every operation is <see cref="SessionStoreUnavailableException"/>
/// (503), never a silently empty session.
/// </remarks>
internal sealed partial class FileSessionEngine : ISessionEngine
{
    private const int StripeCount = 64;

    private readonly FileSessionPaths _paths;
    private readonly SessionDataCodec _codec;
    private readonly TimeProvider _time;
    private readonly IOptions<DjangoSessionSettings> _settings;
    // Per-key locks (striped, so memory stays fixed): an update's "still there?" check and its rename, a delete, and the
    // removal of an expired file never interleave for one key within this process. Across processes the session's lock
    // file does the same (see FileSessionLock, WriteAsync and SaveIfUnchangedAsync).
    private readonly Lock[] _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new Lock())];

    public FileSessionEngine(SessionDataCodec codec, TimeProvider time, IOptions<DjangoSessionSettings> settings,
        IHostEnvironment? environment = null, ILogger<FileSessionEngine>? logger = null)
    {
        _codec = codec;
        _time = time;
        _settings = settings;
        if (!FileSessionPaths.TryResolveFolder(settings.Value.File.FilePath, environment?.ContentRootPath, out var folder, out var error))
        {
            throw new InvalidOperationException(error);
        }
        _paths = new FileSessionPaths(folder, settings.Value.Cookie.CookieName);
        try
        {
            // The file names are session keys: created 0700; an existing folder others can list is logged (the default,
            // the system temp folder, always is: set Session:FilePath to a folder of the app's own).
            OwnerOnlyStorage.EnsureFolder(folder, logger);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Reported where it matters: every operation on a folder that isn't there is "store unavailable".
        }
    }

    /// <summary>The absolute folder the session files live in.</summary>
    public string Folder => _paths.Folder;

    public Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(() => _paths.TryGetSessionFile(sessionKey, out var path) ? Read(sessionKey, path).Data : null);

    public Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(() =>
        {
            RequireFolder();
            // Django: os.path.exists, whether or not the session has expired (as the db engine ignores expire_date).
            return _paths.TryGetSessionFile(sessionKey, out var path) && File.Exists(path);
        });

    public Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken = default)
    {
        // The expiry is not stored: like Django, it is derived from the file's mtime and the data when read.
        if (!_paths.TryGetSessionFile(sessionKey, out var path))
        {
            throw new ArgumentException("Not a session key this engine can store.", nameof(sessionKey));
        }
        var content = Encoding.ASCII.GetBytes(_codec.Encode(data, out _, FileSessionFiles.CompressFrom));
        return GuardAsync(async () =>
        {
            await WriteAsync(sessionKey, path, content, mustCreate, cancellationToken);
            return sessionKey;
        });
    }

    public Task DeleteAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            if (_paths.TryGetSessionFile(sessionKey, out var path))
            {
                RequireFolder();
                using (await FileSessionLock.AcquireAsync(path, cancellationToken))
                {
                    lock (StripeOf(sessionKey))
                    {
                        // A missing file is fine (Django ignores it). Unlike Django, other errors are not swallowed: a
                        // logout whose session file could not be deleted must not look like a success.
                        File.Delete(path);
                    }
                }
            }
            return true;
        });

    /// <summary>Django's clear_expired: loads every <c>prefix + key</c> file, which deletes the expired ones; returns how many.</summary>
    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default) =>
        Guard(() =>
        {
            var removed = 0;
            foreach (var file in Directory.EnumerateFiles(_paths.Folder))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_paths.KeyOf(file) is { } key && Read(key, file).Removed)
                {
                    removed++;
                }
            }
            return removed;
        });

    /// <summary>
    /// load(): the data, or null for a missing or expired file (an expired file is deleted, as Django does). Content
    /// and modification time come from one open handle, so a concurrent rename can't pair new data with an old mtime.
    /// </summary>
    /// <remarks>
    /// The third value is the content as stored: the version compare-and-swap compares against.
    /// </remarks>
    private (JsonObject? Data, bool Removed, string Stored) Read(string sessionKey, string path, bool shared = false)
    {
        if (FileSessionFiles.Read(path) is not (var stored, var modified))
        {
            return (null, false, "");
        }
        // Django opens the file as ASCII; anything else fails its signature, so the codec logs it and yields {}.
        // An empty file (Django's placeholder from an interrupted save) is an empty session, as in Django.
        // shared: the codec memo's own dict (ISessionSharedLoad), read and never changed here.
        var data = stored.Length == 0 ? [] : shared ? _codec.DecodeShared(stored) : _codec.Decode(stored);
        var expiresAt = FileSessionExpiry.ExpiresAt(data, new DateTimeOffset(modified, TimeSpan.Zero), _settings.Value.Cookie.CookieAge);
        if (!FileSessionExpiry.IsExpired(expiresAt, _time.GetUtcNow()))
        {
            return (data, false, stored);
        }
        // A writer holding the session's lock file is about to store a fresh file (or delete it): leave it to them.
        using var held = FileSessionLock.TryAcquire(path);
        if (held is null)
        {
            return (null, false, stored);
        }
        lock (StripeOf(sessionKey))
        {
            // Only the file that was judged expired: a save that renamed a fresh file in since then must survive.
            if (File.Exists(path) && File.GetLastWriteTimeUtc(path) == modified)
            {
                File.Delete(path);
                return (null, true, stored);
            }
        }
        return (null, false, stored);
    }

    /// <summary>
    /// save(must_create): the content goes to a temp file (mode 0600, as mkstemp makes it; mtime from the injected
    /// clock, which is what expiry counts from) and is renamed over the session file. No temp file outlives a failure.
    /// </summary>
    /// <remarks>
    /// Create: the session file is claimed first with <see cref="FileMode.CreateNew"/> (Django's O_EXCL placeholder), so
    /// two creates of one key can't both win. Update: the file must still exist when the rename happens, or the save is
    /// <see cref="SessionUpdateException"/>. That check and the rename hold the session's lock file
    /// (<see cref="FileSessionLock"/>, shared with every instance of this app on the folder, in any process) and this
    /// process's lock for the key, as do deletes, so a session deleted by a concurrent logout is never resurrected. A
    /// Django app on the same folder doesn't take the lock file: its delete landing between this check and this rename
    /// (two system calls apart) is overwritten, the same window Django's own save() has between os.open and rename.
    /// </remarks>
    private async Task WriteAsync(string sessionKey, string path, byte[] content, bool mustCreate, CancellationToken cancellationToken)
    {
        RequireFolder();
        var claimed = mustCreate && FileSessionFiles.Claim(path);
        string? temp = null;
        var renamed = false;
        try
        {
            temp = FileSessionFiles.WriteTemp(path, content, _time.GetUtcNow().UtcDateTime);
            using (await FileSessionLock.AcquireAsync(path, cancellationToken))
            lock (StripeOf(sessionKey))
            {
                // Path.Exists, as Django's os.open(O_WRONLY): anything squatting the name fails the rename below instead.
                if (!mustCreate && !Path.Exists(path))
                {
                    throw new SessionUpdateException("The session was deleted before it could be saved.");
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
                if (claimed)
                {
                    FileSessionFiles.TryDelete(path);
                }
            }
        }
    }

    private void RequireFolder()
    {
        if (!Directory.Exists(_paths.Folder))
        {
            throw new DirectoryNotFoundException($"The session folder '{_paths.Folder}' does not exist or is not a folder.");
        }
    }

    private Lock StripeOf(string sessionKey) => _stripes[(uint)sessionKey.GetHashCode() % StripeCount];

    /// <summary>A folder that is missing, read-only, full or forbidden is "store unavailable" (503), not a crash.</summary>
    /// <remarks>File IO here is synchronous (as Django's); failures come back in the task, as from an async engine.</remarks>
    private static Task<T> Guard<T>(Func<T> operation)
    {
        try
        {
            return Task.FromResult(operation());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromException<T>(new SessionStoreUnavailableException(SessionEngineNames.File, ex));
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }
}
