namespace DjangoSessions.Engines;

/// <summary>The file engine's setting, bound from the flat <c>Session:FilePath</c> key.</summary>
public sealed class FileSessionSettings
{
    /// <summary>SESSION_FILE_PATH for the file engine; null means the system temp directory.</summary>
    public string? FilePath { get; set; }
}
