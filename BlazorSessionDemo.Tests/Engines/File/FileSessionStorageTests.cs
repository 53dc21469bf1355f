using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting.Internal;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// What the file engine puts on disk and how it reads it back, as Django's file backend does: the file name, the exact
/// content, the mtime that expiry counts from, and where the folder is.
/// </summary>
public sealed class FileSessionStorageTests : IDisposable
{
    private readonly FileEngineSandbox _sandbox = new();

    private DateTimeOffset Now => _sandbox.Time.GetUtcNow();

    [Fact]
    public async Task Save_NamesTheFileCookieNamePlusKey()
    {
        _sandbox.Settings.Cookie.CookieName = "mysite_sid";
        var session = await _sandbox.SaveNewSessionAsync(_sandbox.CreateEngine(), ("a", 1));

        Assert.Equal(["mysite_sid" + session.SessionKey], _sandbox.FolderEntries());
    }

    [Fact]
    public async Task Save_FileHoldsExactlyTheEncodedData()
    {
        var data = new JsonObject { ["user_id"] = 7, ["name"] = "alice" };
        var session = await _sandbox.SaveNewSessionAsync(_sandbox.CreateEngine(), ("user_id", 7), ("name", "alice"));

        var content = File.ReadAllText(_sandbox.SessionFile(session.SessionKey!));

        // signing.dumps output and nothing else: no newline, no key, no expiry.
        Assert.Equal(_sandbox.Codec.Encode(data), content);
        Assert.True(JsonNode.DeepEquals(data, _sandbox.Codec.Decode(content)));
    }

    [Fact]
    public async Task Save_SetsTheFileMtimeFromTheClock()
    {
        var engine = _sandbox.CreateEngine();
        var session = await _sandbox.SaveNewSessionAsync(engine, ("a", 1));
        _sandbox.Time.Advance(TimeSpan.FromMinutes(5));
        session["a"] = 2;

        await session.SaveAsync();

        Assert.Equal(Now.UtcDateTime, File.GetLastWriteTimeUtc(_sandbox.SessionFile(session.SessionKey!)));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Save_FileIsReadableByItsOwnerOnly()
    {
        // mkstemp's 0600: signed data is not encrypted, so other local users must not read it.
        var session = await _sandbox.SaveNewSessionAsync(_sandbox.CreateEngine(), ("a", 1));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_sandbox.SessionFile(session.SessionKey!)));
    }

    [Fact]
    public async Task Load_FileOlderThanTheCookieAge_IsNoSession_AndIsDeleted()
    {
        var engine = _sandbox.CreateEngine();
        var session = await _sandbox.SaveNewSessionAsync(engine, ("a", 1));
        var path = _sandbox.SessionFile(session.SessionKey!);
        File.SetLastWriteTimeUtc(path, Now.AddSeconds(-_sandbox.Settings.Cookie.CookieAge - 1).UtcDateTime);

        Assert.Null(await engine.LoadAsync(session.SessionKey!));

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Load_LessThanASecondLeft_IsExpired_AsDjangoCountsWholeSeconds()
    {
        var engine = _sandbox.CreateEngine();
        var session = await _sandbox.SaveNewSessionAsync(engine, ("a", 1));

        _sandbox.Time.Advance(TimeSpan.FromSeconds(_sandbox.Settings.Cookie.CookieAge - 1));
        Assert.NotNull(await engine.LoadAsync(session.SessionKey!));
        _sandbox.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await engine.LoadAsync(session.SessionKey!));
    }

    [Fact]
    public async Task Load_EmptyFile_IsAnEmptySession_KeepsTheKey()
    {
        // Django's placeholder from an interrupted save: "Don't fail if there is no data in the session file."
        var key = SessionKeys.Generate();
        FileEngineSandbox.WriteFile(_sandbox.SessionFile(key), "", Now);

        var session = _sandbox.NewSession(_sandbox.CreateEngine(), key);
        await session.LoadAsync();

        Assert.Equal(key, session.SessionKey);
        Assert.Equal(0, session.Count);
    }

    [Fact]
    public async Task Load_NonAsciiContent_IsAnEmptySession_WithASecurityWarning()
    {
        var key = SessionKeys.Generate();
        FileEngineSandbox.WriteFile(_sandbox.SessionFile(key), "\u00e9\u4e2d:1:x", Now);

        var data = await _sandbox.CreateEngine().LoadAsync(key);

        Assert.NotNull(data);
        Assert.Empty(data);
        Assert.Contains(_sandbox.Logs.Entries, e => e.Category == SessionDataCodec.SecurityLogCategory);
    }

    [Fact]
    public void Folder_MissingFolder_IsCreated()
    {
        _sandbox.Settings.File.FilePath = Path.Combine(_sandbox.Root, "new", "nested", "sessions");

        var engine = _sandbox.CreateEngine();

        Assert.Equal(_sandbox.Settings.File.FilePath, engine.Folder);
        Assert.True(Directory.Exists(engine.Folder));
    }

    [Fact]
    public void Folder_NotSet_IsTheSystemTempDirectory()
    {
        _sandbox.Settings.File.FilePath = null;

        Assert.Equal(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.GetTempPath())), _sandbox.CreateEngine().Folder);
    }

    [Fact]
    public void Folder_Relative_IsUnderTheContentRoot()
    {
        _sandbox.Settings.File.FilePath = Path.Combine("App_Data", "sessions");
        var environment = new HostingEnvironment { ContentRootPath = _sandbox.Root };

        var engine = new FileSessionEngine(_sandbox.Codec, _sandbox.Time, Options.Create(_sandbox.Settings), environment);

        Assert.Equal(Path.Combine(_sandbox.Root, "App_Data", "sessions"), engine.Folder);
        Assert.True(Directory.Exists(engine.Folder));
    }

    [Fact]
    public async Task Folder_IsAFile_EveryOperationIsStoreUnavailable()
    {
        var notAFolder = Path.Combine(_sandbox.Root, "sessions.txt");
        File.WriteAllText(notAFolder, "not a folder");
        _sandbox.Settings.File.FilePath = notAFolder;
        var engine = _sandbox.CreateEngine();
        var key = SessionKeys.Generate();

        await AssertUnavailable(() => engine.LoadAsync(key));
        await AssertUnavailable(() => engine.ExistsAsync(key));
        await AssertUnavailable(() => engine.SaveAsync(key, [], Now, mustCreate: true));
        await AssertUnavailable(() => engine.DeleteAsync(key));
        await AssertUnavailable(() => engine.ClearExpiredAsync());
        Assert.Equal("not a folder", File.ReadAllText(notAFolder));
    }

    [Fact]
    public async Task Folder_RemovedWhileRunning_IsStoreUnavailable_NotAnEmptySession()
    {
        var engine = _sandbox.CreateEngine();
        var session = await _sandbox.SaveNewSessionAsync(engine, ("user_id", 1));
        Directory.Delete(_sandbox.Folder, recursive: true);

        await AssertUnavailable(() => _sandbox.NewSession(engine, session.SessionKey).LoadAsync());
        await AssertUnavailable(() => _sandbox.SaveNewSessionAsync(engine, ("a", 1)));
        Assert.False(Directory.Exists(_sandbox.Folder));
    }

    [Fact]
    public void Folder_PathWithNulCharacter_IsAClearConfigurationError()
    {
        _sandbox.Settings.File.FilePath = "bad\0path";

        var error = Assert.Throws<InvalidOperationException>(() => _sandbox.CreateEngine());

        Assert.Contains("Session:FilePath", error.Message);
    }

    private static async Task AssertUnavailable(Func<Task> operation)
    {
        var error = await Assert.ThrowsAsync<SessionStoreUnavailableException>(operation);
        Assert.Equal(SessionEngineNames.File, error.Engine);
    }

    public void Dispose() => _sandbox.Dispose();
}
