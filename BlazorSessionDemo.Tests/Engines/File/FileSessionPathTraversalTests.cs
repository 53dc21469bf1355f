using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// A session key becomes a file name, so a hostile cookie value must never name a file outside the folder (Django's
/// <c>_key_to_file</c> raises InvalidSessionKey for such keys). The engine is called directly here, past the session's
/// own key check, and canaries outside the folder prove nothing there is read, written, created or deleted.
/// </summary>
public sealed class FileSessionPathTraversalTests : IDisposable
{
    private readonly FileEngineSandbox _sandbox = new();
    private readonly string _canary;

    public FileSessionPathTraversalTests()
    {
        // Root/canary and Root/app/canary: what "sessionid/../../canary" and "/../canary" style keys would reach.
        _canary = Path.Combine(_sandbox.Root, "canary");
        File.WriteAllText(_canary, "canary");
        File.WriteAllText(Path.Combine(_sandbox.Root, "app", "canary"), "canary");
    }

    private static readonly string[] HostileKeyList =
    [
        "../canary",
        "/../../canary",
        "/../canary",
        "../../../canary",
        "..",
        ".",
        "",
        "/",
        "\\..\\..\\canary",
        "..%2f..%2fcanary",
        "/etc/passwd",
        "C:\\Windows\\win.ini",
        "abc\0def",
        "abcdefghijklmnopqrstuvwxyz012\0/x",
        "abcdefghijklmnopqrstuvwx/../../canary",
        "abcdefghijklmnopqrstuvwxyz01/../",
        "sub/abcdefghijklmnopqrstuvwxyz012345",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
        "abcdefghijklmnopqrstuvwxyz01234\u2025",
        new string('a', 4096),
    ];

    public static TheoryData<string> HostileKeys() => [.. HostileKeyList];

    [Theory]
    [MemberData(nameof(HostileKeys))]
    public async Task HostileKey_LoadExistsDelete_TouchNothing(string key)
    {
        var engine = _sandbox.CreateEngine();
        var before = _sandbox.Snapshot();

        Assert.Null(await engine.LoadAsync(key));
        Assert.False(await engine.ExistsAsync(key));
        await engine.DeleteAsync(key);

        Assert.Equal(before, _sandbox.Snapshot());
        Assert.Equal("canary", File.ReadAllText(_canary));
    }

    [Theory]
    [MemberData(nameof(HostileKeys))]
    public async Task HostileKey_Save_IsRefused_WritesNothing(string key)
    {
        var engine = _sandbox.CreateEngine();
        var before = _sandbox.Snapshot();
        var data = new JsonObject { ["user_id"] = 1 };

        await Assert.ThrowsAsync<ArgumentException>(() => engine.SaveAsync(key, data, _sandbox.Time.GetUtcNow(), mustCreate: true));
        await Assert.ThrowsAsync<ArgumentException>(() => engine.SaveAsync(key, data, _sandbox.Time.GetUtcNow(), mustCreate: false));

        Assert.Equal(before, _sandbox.Snapshot());
        Assert.Empty(_sandbox.FolderEntries());
    }

    [Fact]
    public async Task AbsolutePathOfAnExistingFile_AsKey_IsNotReadOrDeleted()
    {
        // A session file somewhere else, valid and expired: the engine must neither load it nor "clean it up".
        var elsewhere = Path.Combine(_sandbox.Root, "sessionid" + SessionKeys.Generate());
        FileEngineSandbox.WriteFile(elsewhere, _sandbox.Codec.Encode(new JsonObject { ["user_id"] = 1 }), _sandbox.Time.GetUtcNow().AddYears(-1));
        var engine = _sandbox.CreateEngine();
        var before = _sandbox.Snapshot();

        Assert.Null(await engine.LoadAsync(elsewhere));
        Assert.False(await engine.ExistsAsync(elsewhere));
        await engine.DeleteAsync(elsewhere);
        Assert.Equal(0, await engine.ClearExpiredAsync());

        Assert.Equal(before, _sandbox.Snapshot());
    }

    [Fact]
    public async Task PrefixThatEscapesTheFolder_IsStillConfinedToIt()
    {
        // Defence in depth: settings validation rejects '/' in the cookie name, but if a prefix ever resolved outside
        // the folder, even a well-formed key must not reach the file it names.
        _sandbox.Settings.Cookie.CookieName = "../../escaped-";
        var key = SessionKeys.Generate();
        var outside = Path.Combine(_sandbox.Root, "escaped-" + key);
        FileEngineSandbox.WriteFile(outside, _sandbox.Codec.Encode(new JsonObject { ["user_id"] = 1 }), _sandbox.Time.GetUtcNow().AddYears(-1));
        var engine = _sandbox.CreateEngine();
        var before = _sandbox.Snapshot();

        Assert.Null(await engine.LoadAsync(key));
        Assert.False(await engine.ExistsAsync(key));
        await engine.DeleteAsync(key);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            engine.SaveAsync(SessionKeys.Generate(), [], _sandbox.Time.GetUtcNow(), mustCreate: true));
        Assert.Equal(0, await engine.ClearExpiredAsync());

        Assert.Equal(before, _sandbox.Snapshot());
        Assert.True(File.Exists(outside));
    }

    [Fact]
    public async Task PrefixNamingASubfolder_IsRefused()
    {
        // "Directly inside the folder": not even a subfolder of it.
        Directory.CreateDirectory(Path.Combine(_sandbox.Folder, "sub"));
        _sandbox.Settings.Cookie.CookieName = "sub/sid";
        var engine = _sandbox.CreateEngine();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            engine.SaveAsync(SessionKeys.Generate(), [], _sandbox.Time.GetUtcNow(), mustCreate: true));

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_sandbox.Folder, "sub")));
    }

    [Fact]
    public async Task HostileCookieValues_ThroughTheSession_NeverLeaveTheFolder()
    {
        var engine = _sandbox.CreateEngine();
        foreach (var key in HostileKeyList)
        {
            var session = _sandbox.NewSession(engine, key);
            await session.LoadAsync();
            session["a"] = 1;
            await session.SaveAsync();
            await session.DeleteAsync(key);

            Assert.Matches("^[a-z0-9]{32}$", session.SessionKey);
            Assert.True(File.Exists(_sandbox.SessionFile(session.SessionKey!)));
        }

        Assert.Equal("canary", File.ReadAllText(_canary));
        Assert.Equal(["app", "canary"], Directory.EnumerateFileSystemEntries(_sandbox.Root).Select(Path.GetFileName).Order());
        Assert.Equal(["canary", "sessions"], Directory.EnumerateFileSystemEntries(Path.Combine(_sandbox.Root, "app")).Select(Path.GetFileName).Order());
    }

    public void Dispose() => _sandbox.Dispose();
}
