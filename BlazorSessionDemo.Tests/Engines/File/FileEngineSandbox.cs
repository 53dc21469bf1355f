using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// A real folder tree for one test: <see cref="Root"/> (outside the store, where canaries live) holding
/// <see cref="Folder"/> two levels down (the store), a fake clock, and the engine as the app builds it.
/// Everything is deleted on dispose.
/// </summary>
public sealed class FileEngineSandbox : IDisposable
{
    public const string Secret = "file-engine-tests-only-secret-0123456789-abcdef";

    public FileEngineSandbox(DateTimeOffset? now = null)
    {
        Root = Path.Combine(Path.GetTempPath(), $"file-engine-tests-{Guid.NewGuid():N}");
        Folder = Path.Combine(Root, "app", "sessions");
        Directory.CreateDirectory(Folder);
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));
        Settings = new DjangoSessionSettings { Secrets = { SecretKey = Secret }, File = { FilePath = Folder } };
        Codec = new SessionDataCodec(new DjangoSigner(Secret, [], SessionDataCodec.Salt, Time), new LoggerFactory([Logs]));
    }

    /// <summary>The test's own temp tree; the store is <c>Root/app/sessions</c>.</summary>
    public string Root { get; }

    public string Folder { get; }

    public FakeTimeProvider Time { get; }

    public DjangoSessionSettings Settings { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public SessionDataCodec Codec { get; }

    internal FileSessionEngine CreateEngine() => new(Codec, Time, Options.Create(Settings));

    public DjangoSession NewSession(ISessionEngine engine, string? sessionKey = null) => new(engine, Settings, Time, sessionKey);

    /// <summary>A new session holding <paramref name="items"/>, saved through <paramref name="engine"/>.</summary>
    public async Task<DjangoSession> SaveNewSessionAsync(ISessionEngine engine, params (string Key, JsonNode? Value)[] items)
    {
        var session = NewSession(engine);
        await session.LoadAsync();
        foreach (var (key, value) in items)
        {
            session[key] = value;
        }
        await session.SaveAsync();
        return session;
    }

    public string SessionFile(string sessionKey) => Path.Combine(Folder, Settings.Cookie.CookieName + sessionKey);

    /// <summary>The names of everything directly in the store folder, sorted.</summary>
    public IReadOnlyList<string> FolderEntries() =>
        [.. Directory.EnumerateFileSystemEntries(Folder).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal)];

    /// <summary>Every file and folder under <see cref="Root"/> with its size and mtime, to prove nothing changed.</summary>
    public IReadOnlyList<string> Snapshot() =>
        [.. new DirectoryInfo(Root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(i => $"{Path.GetRelativePath(Root, i.FullName)}|{(i as FileInfo)?.Length}|{i.LastWriteTimeUtc.Ticks}")
            .Order(StringComparer.Ordinal)];

    /// <summary>Writes a file as another program would, with the given mtime.</summary>
    public static void WriteFile(string path, string content, DateTimeOffset modified)
    {
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
