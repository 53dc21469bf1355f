using System.Security.Cryptography;

namespace DjangoSessions.Engines;

/// <summary>
/// The cross-process lock of one session file: <c>&lt;session file&gt;.lock</c> beside it, opened with
/// <see cref="FileShare.None"/>, which .NET turns into an OS lock (an exclusive <c>flock</c> on Unix, a share mode on
/// Windows). The OS lock, not the file's existence, is the lock: a lock file left by a crashed process holds no OS lock
/// any more and is simply taken over, then removed. The holder removes the file when it lets go, so none is left behind.
/// '.' is not a session key character, so neither this app nor Django's clear_expired takes the file for a session.
/// </summary>
/// <remarks>
/// Removing the file while others may be about to lock it has one classic race: a waiter that opened the file just
/// before the holder removed it gets its OS lock on a file no longer in the folder, while a third process creates and
/// locks a new one. So after locking, the holder stamps the file's mtime through its handle with a random value and
/// checks the path still shows that stamp; if not, its file is an orphan and it tries again. (A process running with
/// .NET's <c>System.IO.DisableFileLocking</c> switch gets no OS lock from FileShare.None on Unix: don't set it for an
/// app whose nodes share a session folder.)
/// </remarks>
internal sealed class FileSessionLock : IDisposable
{
    /// <summary>Appended to the session file's name.</summary>
    public const string Suffix = ".lock";

    // ~5 s in all: a holder keeps the lock for one read and one rename; one stuck for longer is a stuck process.
    private const int MaxAttempts = 300;

    private readonly FileStream _stream;
    private readonly string _path;

    private FileSessionLock(FileStream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    /// <summary>Waits (briefly, bounded) for the lock of <paramref name="sessionFile"/>; an IOException if it never comes.</summary>
    public static async Task<FileSessionLock> AcquireAsync(string sessionFile, CancellationToken cancellationToken)
    {
        IOException? last = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (TryLock(sessionFile, out var busy) is { } held)
            {
                return held;
            }
            last = busy ?? last;
            // Jittered, so waiters don't retry in lockstep; capped low, as holders are quick.
            await Task.Delay(Random.Shared.Next(1, Math.Min(2 << Math.Min(attempt, 4), 20)), cancellationToken);
        }
        throw new IOException($"The lock file of a session in '{Path.GetDirectoryName(sessionFile)}' stayed locked by another process.", last);
    }

    /// <summary>The lock if nobody holds it right now, else null (no waiting).</summary>
    public static FileSessionLock? TryAcquire(string sessionFile) => TryLock(sessionFile, out _);

    /// <summary>The lock, or null with <paramref name="busy"/> saying why when the file was held.</summary>
    private static FileSessionLock? TryLock(string sessionFile, out IOException? busy)
    {
        busy = null;
        var path = sessionFile + Suffix;
        FileStream stream;
        try
        {
            stream = new FileStream(path, LockOptions());
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            // Held by another handle, in this process or another: a sharing violation (its code differs per OS). Any
            // other cause that persists ends the bounded wait with this exception inside.
            busy = ex;
            return null;
        }
        catch (UnauthorizedAccessException) when (OperatingSystem.IsWindows() && File.Exists(path))
        {
            return null; // Windows: the previous holder's file is being deleted on close.
        }
        if (OperatingSystem.IsWindows())
        {
            return new FileSessionLock(stream, path); // A file pending deletion can't be opened: no orphans.
        }
        try
        {
            // Whole even seconds: every file system stores them exactly.
            var stamp = DateTime.UnixEpoch.AddSeconds(2L * RandomNumberGenerator.GetInt32(int.MaxValue / 2));
            File.SetLastWriteTimeUtc(stream.SafeFileHandle, stamp);
            if (File.GetLastWriteTimeUtc(path) == stamp)
            {
                return new FileSessionLock(stream, path);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        stream.Dispose(); // An orphan: locked, but removed from the folder by its last holder. Not ours to delete.
        return null;
    }

    /// <summary>Removes the lock file while still holding it (so no one else's file is removed), then lets go.</summary>
    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
        {
            FileSessionFiles.TryDelete(_path);
        }
        _stream.Dispose();
    }

    private static FileStreamOptions LockOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.None };
        if (OperatingSystem.IsWindows())
        {
            // Windows can't delete a file open without FileShare.Delete; the handle removes it as it closes.
            options.Options = FileOptions.DeleteOnClose;
        }
        else
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return options;
    }
}
