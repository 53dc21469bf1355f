namespace DjangoSessions.Engines;

internal sealed partial class FileSessionEngine : ISessionRecordReader
{
    /// <summary>
    /// The session file's content as stored. Unlike load(), an expired file is shown, not deleted: reading for display
    /// changes nothing. Its expire date follows from the data and the file's mtime, as Django's file backend derives it.
    /// </summary>
    public Task<StoredSessionRecord?> ReadRawAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard<StoredSessionRecord?>(() =>
        {
            RequireFolder();
            if (!_paths.TryGetSessionFile(sessionKey, out var path))
            {
                return null;
            }
            if (FileSessionFiles.Read(path) is not (var raw, var modified))
            {
                return null;
            }
            var data = raw.Length == 0 ? [] : _codec.Decode(raw);
            var expiresAt = FileSessionExpiry.ExpiresAt(data, new DateTimeOffset(modified, TimeSpan.Zero), _settings.Value.Cookie.CookieAge);
            return new StoredSessionRecord($"file {path}", raw, raw, expiresAt);
        });
}
