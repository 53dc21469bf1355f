using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace DjangoSessions.Engines;

/// <summary>
/// File names as Django's file backend makes them: the folder is SESSION_FILE_PATH (or the temp directory), a session
/// lives in <c>SESSION_COOKIE_NAME + key</c> directly inside it, and writes go through <c>tempfile.mkstemp</c>-style
/// temp files beside it. Every path handed out is checked to resolve to a file directly inside the folder.
/// </summary>
internal sealed class FileSessionPaths
{
    // save(): tempfile.mkstemp(dir=dir, prefix=<session file name> + '_out_'). The random part is 8 characters of
    // tempfile._RandomNameSequence; '_' is not a key character, so neither app mistakes a temp file for a session.
    private const string TempInfix = "_out_";
    private const string TempAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789_";
    private const int TempRandomLength = 8;

    public FileSessionPaths(string folder, string prefix)
    {
        Folder = folder;
        Prefix = prefix;
    }

    /// <summary>The absolute folder, without a trailing separator (except for a root).</summary>
    public string Folder { get; }

    /// <summary>SESSION_COOKIE_NAME: Django's <c>file_prefix</c>.</summary>
    public string Prefix { get; }

    /// <summary>
    /// SESSION_FILE_PATH as an absolute folder: null or blank means the system temp directory (Django:
    /// <c>tempfile.gettempdir()</c>); a relative path is taken from the content root, like <c>Session:SecretKeyFile</c>.
    /// </summary>
    public static bool TryResolveFolder(string? filePath, string? contentRoot,
        [NotNullWhen(true)] out string? folder, [NotNullWhen(false)] out string? error)
    {
        folder = null;
        error = null;
        try
        {
            var full = string.IsNullOrWhiteSpace(filePath)
                ? Path.GetFullPath(Path.GetTempPath())
                : Path.GetFullPath(filePath, contentRoot ?? Directory.GetCurrentDirectory());
            folder = Path.TrimEndingDirectorySeparator(full);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error = $"{DjangoSessionSettings.SectionName}:{nameof(DjangoSessionSettings.File.FilePath)}: '{filePath}' is not a usable folder path: {ex.Message}";
            return false;
        }
    }

    /// <summary>
    /// <c>_key_to_file</c>: the session's file. Django only checks the key's characters; here the key must also be
    /// well-formed, and the resolved path must still be a file directly inside the folder (defence in depth against a
    /// prefix or a future key rule that would let <c>..</c> or a separator through).
    /// </summary>
    public bool TryGetSessionFile(string? sessionKey, [NotNullWhen(true)] out string? path)
    {
        path = null;
        if (!SessionKeys.IsWellFormed(sessionKey))
        {
            return false;
        }
        string candidate;
        try
        {
            candidate = Path.GetFullPath(Path.Combine(Folder, Prefix + sessionKey));
        }
        catch (ArgumentException)
        {
            return false;
        }
        if (!string.Equals(Path.GetDirectoryName(candidate), Folder, StringComparison.Ordinal)
            || !string.Equals(Path.GetFileName(candidate), Prefix + sessionKey, StringComparison.Ordinal))
        {
            return false;
        }
        path = candidate;
        return true;
    }

    /// <summary>The key a file in the folder stores, or null for anything that is not a session file (temp files too).</summary>
    public string? KeyOf(string filePath)
    {
        var name = Path.GetFileName(filePath);
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var key = name[Prefix.Length..];
        return TryGetSessionFile(key, out var path) && string.Equals(path, Path.GetFullPath(filePath), StringComparison.Ordinal)
            ? key
            : null;
    }

    /// <summary>A fresh temp file name for a write to <paramref name="sessionFile"/>, in the same folder.</summary>
    public static string NewTempFile(string sessionFile) =>
        sessionFile + TempInfix + RandomNumberGenerator.GetString(TempAlphabet, TempRandomLength);
}
