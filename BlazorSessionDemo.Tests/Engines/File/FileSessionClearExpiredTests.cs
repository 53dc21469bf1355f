using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// clearsessions on the file engine (Django's file <c>clear_expired</c>): every <c>sessionid + key</c> file is loaded and
/// the expired ones are deleted; nothing else in the folder is touched, whatever its age.
/// </summary>
public sealed class FileSessionClearExpiredTests : IDisposable
{
    private readonly FileEngineSandbox _sandbox = new();

    private DateTimeOffset Now => _sandbox.Time.GetUtcNow();

    public static TheoryData<string, JsonNode?, int> ExpiredFiles() => new()
    {
        // name, _session_expiry (null = none), age of the file in seconds
        { "no expiry, older than the cookie age", null, 1209601 },
        { "browser close (0), older than the cookie age", 0, 1209601 },
        { "60 seconds, written 61 s ago", 60, 61 },
        { "absolute date in the past, fresh file", "2026-03-04T11:59:00.000000+00:00", 0 },
    };

    public static TheoryData<string, JsonNode?, int> LiveFiles() => new()
    {
        { "no expiry, younger than the cookie age", null, 1209590 },
        { "browser close (0), younger than the cookie age", 0, 1209590 },
        { "60 seconds, written 59 s ago", 60, 59 },
        { "absolute date in the future, old file", "2026-03-05T00:00:00.000000+00:00", 1209601 * 2 },
    };

    [Theory]
    [MemberData(nameof(ExpiredFiles))]
    public async Task ExpiredFile_IsRemoved(string because, JsonNode? expiry, int ageSeconds)
    {
        var key = WriteSession(expiry, ageSeconds);

        Assert.True(1 == await _sandbox.CreateEngine().ClearExpiredAsync(), because);

        Assert.False(File.Exists(_sandbox.SessionFile(key)), because);
    }

    [Theory]
    [MemberData(nameof(LiveFiles))]
    public async Task LiveFile_IsKept(string because, JsonNode? expiry, int ageSeconds)
    {
        var key = WriteSession(expiry, ageSeconds);

        Assert.True(0 == await _sandbox.CreateEngine().ClearExpiredAsync(), because);

        Assert.True(File.Exists(_sandbox.SessionFile(key)), because);
    }

    [Fact]
    public async Task RemovesOnlyExpiredSessionFiles_LeavesEverythingElseAlone()
    {
        var yearAgo = Now.AddYears(-1);
        var expired = WriteSession(null, 1209601);
        var live = WriteSession(null, 10);
        var others = new[]
        {
            "notes.txt",
            "sessionid",
            "sessionidshort",
            "othercookie" + SessionKeys.Generate(),
            "sessionid" + SessionKeys.Generate().ToUpperInvariant(),
            "sessionid" + SessionKeys.Generate() + "_out_abcd1234",
        };
        foreach (var name in others)
        {
            FileEngineSandbox.WriteFile(Path.Combine(_sandbox.Folder, name), "anything", yearAgo);
        }
        Directory.CreateDirectory(_sandbox.SessionFile(SessionKeys.Generate()));

        var removed = await _sandbox.CreateEngine().ClearExpiredAsync();

        Assert.Equal(1, removed);
        Assert.False(File.Exists(_sandbox.SessionFile(expired)));
        Assert.True(File.Exists(_sandbox.SessionFile(live)));
        Assert.All(others, name => Assert.True(File.Exists(Path.Combine(_sandbox.Folder, name)), name));
        Assert.Equal(others.Length + 2, _sandbox.FolderEntries().Count);
    }

    [Fact]
    public async Task CorruptFile_ExpiresByItsAgeLikeAnyOther()
    {
        // Corrupt data decodes to {} (and a warning), so the cookie age from the mtime decides, as in Django.
        var fresh = SessionKeys.Generate();
        var stale = SessionKeys.Generate();
        FileEngineSandbox.WriteFile(_sandbox.SessionFile(fresh), "not-signed-data", Now.AddSeconds(-10));
        FileEngineSandbox.WriteFile(_sandbox.SessionFile(stale), "not-signed-data", Now.AddSeconds(-1209601));

        Assert.Equal(1, await _sandbox.CreateEngine().ClearExpiredAsync());

        Assert.True(File.Exists(_sandbox.SessionFile(fresh)));
        Assert.False(File.Exists(_sandbox.SessionFile(stale)));
        Assert.Contains(_sandbox.Logs.Entries, e => e.Category == SessionDataCodec.SecurityLogCategory);
    }

    [Fact]
    public async Task EmptyFolder_RemovesNothing()
    {
        Assert.Equal(0, await _sandbox.CreateEngine().ClearExpiredAsync());
    }

    [Fact]
    public async Task ThroughTheSession_ReturnsTheCount()
    {
        WriteSession(null, 1209601);
        WriteSession(null, 1209601);
        WriteSession(null, 1);
        var engine = _sandbox.CreateEngine();

        var removed = await _sandbox.NewSession(engine).ClearExpiredAsync();

        Assert.Equal(2, removed);
        Assert.Single(_sandbox.FolderEntries());
    }

    /// <summary>A session file as another process (or an earlier run) left it: the data and the mtime.</summary>
    private string WriteSession(JsonNode? expiry, int ageSeconds)
    {
        var key = SessionKeys.Generate();
        var data = new JsonObject { ["user_id"] = 1 };
        if (expiry is not null)
        {
            data[DjangoSession.ExpiryKey] = expiry.DeepClone();
        }
        FileEngineSandbox.WriteFile(_sandbox.SessionFile(key), _sandbox.Codec.Encode(data), Now.AddSeconds(-ageSeconds));
        return key;
    }

    public void Dispose() => _sandbox.Dispose();
}
