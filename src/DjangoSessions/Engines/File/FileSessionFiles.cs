using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DjangoSessions.Engines;

/// <summary>
/// The system calls of Django's file backend save(), in .NET: the exclusive create of a new session file, the
/// mkstemp-style temp file, and reading a file through one handle.
/// </summary>
internal static class FileSessionFiles
{
    private const int MaxTempNameAttempts = 100; // tempfile.TMP_MAX is 10000; a clash of 8 random characters is a fluke.

    /// <summary>
    /// The JSON length from which a session file's data is compressed. A file takes whole disk blocks (4 KB on ext4,
    /// XFS, APFS, NTFS); a signed value is base64 of the JSON (4/3 of it) plus about 51 characters, so JSON under 3,000
    /// bytes fits one block uncompressed and zlib would save no disk space, only cost a deflate per write and an inflate
    /// per read. Django reads both forms.
    /// </summary>
    internal const int CompressFrom = 3000;

    /// <summary>The O_EXCL create of Django's save(must_create=True): an existing file is CreateError.</summary>
    public static bool Claim(string path)
    {
        try
        {
            using var _ = new FileStream(path, CreateOptions());
            return true;
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException) && Path.Exists(path))
        {
            throw new SessionCreateException("Session key already in use.");
        }
    }

    /// <summary>
    /// mkstemp + write: a new temp file beside <paramref name="path"/> holding <paramref name="content"/>, its mtime set
    /// to <paramref name="modifiedUtc"/> (the rename keeps it). A failed write removes the temp file.
    /// </summary>
    public static string WriteTemp(string path, byte[] content, DateTime modifiedUtc)
    {
        for (var attempt = 0; attempt < MaxTempNameAttempts; attempt++)
        {
            var temp = FileSessionPaths.NewTempFile(path);
            FileStream stream;
            try
            {
                stream = new FileStream(temp, CreateOptions());
            }
            catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException) && Path.Exists(temp))
            {
                continue; // Name taken, as mkstemp retries on EEXIST.
            }
            try
            {
                using (stream)
                {
                    stream.Write(content);
                    stream.Flush();
                    File.SetLastWriteTimeUtc(stream.SafeFileHandle, modifiedUtc);
                }
                return temp;
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }
        throw new IOException($"No unused temp file name next to the session file after {MaxTempNameAttempts} attempts.");
    }

    /// <summary>O_CREAT | O_EXCL with mkstemp's 0600.</summary>
    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Session data is signed, not encrypted: only the app's user may read it (mkstemp's 0600).
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return options;
    }

    /// <summary>
    /// The file's content (as Django opens it: ASCII) and modification time from one open handle, so a concurrent rename
    /// can't pair new data with an old mtime; null when there is no such file (deleted meanwhile, as Django treats a
    /// missing file).
    /// </summary>
    public static (string Content, DateTime ModifiedUtc)? Read(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var modified = File.GetLastWriteTimeUtc(handle);
            return (ReadAscii(handle), modified);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The whole file through an open handle (left open: the caller also reads its mtime from it), decoded as ASCII
    /// (any other byte becomes '?', which fails the signature as in Django). Read on every request of a session: one
    /// pooled buffer sized by the file, and the string is the only allocation. A file that grows while it is read
    /// (written in place by another program) is read to its end.
    /// </summary>
    public static string ReadAscii(SafeFileHandle handle)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(RandomAccess.GetLength(handle) + 1, 256, Array.MaxLength));
        try
        {
            var total = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(total), total)) > 0)
            {
                total += read;
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            return Encoding.ASCII.GetString(buffer, 0, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Clean-up after a failure: best effort, the original failure is what the caller reports.</summary>
    public static void TryDelete(string? path)
    {
        if (path is null)
        {
            return;
        }
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original failure is what the caller needs to see; this one has the same cause.
        }
    }
}
