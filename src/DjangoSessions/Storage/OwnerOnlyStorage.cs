using Microsoft.Extensions.Logging;

namespace DjangoSessions.Storage;

/// <summary>
/// Folders and files that hold session data, session keys (the file engine's file names) or signing keys belong to the
/// app's user alone: what the app creates is 0700 (folders, with any missing parents) and 0600 (files), whatever the
/// umask - as Django's file backend gets 0600 files from mkstemp. What already exists was set up by someone (an
/// operator sharing a folder with a Django app under another user, say): it is left as it is, and a log line warns
/// when other local users can read or write it.
/// </summary>
/// <remarks>On Windows there are no Unix modes: folders and files are created plainly and nothing is checked.</remarks>
public static class OwnerOnlyStorage
{
    internal const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    internal const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // Listing a folder (read) or adding to it (write) is what matters for a folder; a bare execute bit lets others
    // open a file they already know the name of, which the files' own 0600 refuses.
    private const UnixFileMode OpenToOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Creates <paramref name="folder"/> 0700 when it is missing; warns when an existing one is open to others.</summary>
    public static void EnsureFolder(string folder, ILogger? logger)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        if (Directory.Exists(folder))
        {
            WarnIfOpen(folder, logger);
            return;
        }
        Directory.CreateDirectory(folder, FolderMode);
    }

    /// <summary>
    /// Creates <paramref name="path"/> empty and 0600 when it is missing (an empty file is a valid empty SQLite database,
    /// and SQLite gives its -wal, -shm and -journal files the database file's mode); warns when an existing one is open.
    /// </summary>
    public static void EnsureFile(string path, ILogger? logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        if (File.Exists(path))
        {
            WarnIfOpen(path, logger);
            return;
        }
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = FileMode,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; its mode is its own.
        }
    }

    private static void WarnIfOpen(string path, ILogger? logger)
    {
        if (logger is null || OperatingSystem.IsWindows())
        {
            return;
        }
        var mode = File.GetUnixFileMode(path);
        if ((mode & OpenToOthers) != 0)
        {
            StorageLog.OpenToOtherUsers(logger, path, Convert.ToString((int)mode, 8).PadLeft(4, '0'));
        }
    }
}

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning,
        Message = "{Path} is readable or writable by other local users (mode {Mode}); it holds session data or keys. " +
            "Left as it is because the app did not create it: restrict it to this user (chmod go-rwx) unless it is shared on purpose.")]
    public static partial void OpenToOtherUsers(ILogger logger, string path, string mode);
}
