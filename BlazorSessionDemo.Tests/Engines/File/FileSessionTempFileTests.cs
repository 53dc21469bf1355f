using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// Writes go through a temp file in the folder and an atomic rename (Django's save(), ticket #8616): afterwards, and
/// after any failed save, the folder holds session files only - no temp file, no empty placeholder.
/// </summary>
public sealed class FileSessionTempFileTests : IDisposable
{
    private readonly FileEngineSandbox _sandbox = new();

    [Fact]
    public async Task CreatesUpdatesCyclesAndFlushes_LeaveOnlyTheLiveSessionFiles()
    {
        var engine = _sandbox.CreateEngine();
        var kept = await _sandbox.SaveNewSessionAsync(engine, ("n", 0));
        var cycled = await _sandbox.SaveNewSessionAsync(engine, ("n", 0));
        var flushed = await _sandbox.SaveNewSessionAsync(engine, ("n", 0));
        for (var i = 1; i <= 3; i++)
        {
            kept["n"] = i;
            await kept.SaveAsync();
        }
        await cycled.CycleKeyAsync();
        await cycled.SaveAsync();
        await flushed.FlushAsync();

        Assert.Equal(
            new[] { kept.SessionKey!, cycled.SessionKey! }.Select(k => "sessionid" + k).Order(StringComparer.Ordinal),
            _sandbox.FolderEntries());
        Assert.Equal(3, (await engine.LoadAsync(kept.SessionKey!))!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task FailedUpdate_SessionGone_LeavesNoFileBehind()
    {
        var engine = _sandbox.CreateEngine();

        await Assert.ThrowsAsync<SessionUpdateException>(() =>
            engine.SaveAsync(SessionKeys.Generate(), new JsonObject { ["a"] = 1 }, _sandbox.Time.GetUtcNow(), mustCreate: false));

        Assert.Empty(_sandbox.FolderEntries());
    }

    [Fact]
    public async Task FailedCreate_KeyTaken_LeavesNoTempFile_AndTheStoredSessionIntact()
    {
        var engine = _sandbox.CreateEngine();
        var existing = await _sandbox.SaveNewSessionAsync(engine, ("owner", "first"));
        var content = File.ReadAllText(_sandbox.SessionFile(existing.SessionKey!));

        await Assert.ThrowsAsync<SessionCreateException>(() => engine.SaveAsync(existing.SessionKey!,
            new JsonObject { ["owner"] = "second" }, _sandbox.Time.GetUtcNow(), mustCreate: true));

        Assert.Equal(["sessionid" + existing.SessionKey], _sandbox.FolderEntries());
        Assert.Equal(content, File.ReadAllText(_sandbox.SessionFile(existing.SessionKey!)));
    }

    [Fact]
    public async Task FailedRename_IsStoreUnavailable_AndRemovesTheTempFile()
    {
        // A folder squatting the session's name: the temp file is written, the rename over it fails.
        var engine = _sandbox.CreateEngine();
        var key = SessionKeys.Generate();
        Directory.CreateDirectory(_sandbox.SessionFile(key));

        var error = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() =>
            engine.SaveAsync(key, new JsonObject { ["a"] = 1 }, _sandbox.Time.GetUtcNow(), mustCreate: false));

        Assert.Equal(SessionEngineNames.File, error.Engine);
        Assert.Equal(["sessionid" + key], _sandbox.FolderEntries());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_sandbox.SessionFile(key)));
    }

    [Fact]
    public void TempFileName_IsDjangosMkstempName_BesideTheSessionFile()
    {
        // tempfile.mkstemp(dir=dir, prefix=<session file name> + '_out_'): 8 characters of [a-z0-9_].
        var sessionFile = _sandbox.SessionFile(SessionKeys.Generate());

        var temp = FileSessionPaths.NewTempFile(sessionFile);

        Assert.Equal(_sandbox.Folder, Path.GetDirectoryName(temp));
        Assert.Matches("^" + Regex.Escape(Path.GetFileName(sessionFile)) + "_out_[a-z0-9_]{8}$", Path.GetFileName(temp));
        Assert.NotEqual(temp, FileSessionPaths.NewTempFile(sessionFile));
    }

    [Fact]
    public async Task LeftoverTempFile_IsNoSession_AndClearsessionsLeavesIt()
    {
        // A leftover from a crashed write (either app's) starts with the prefix, but '_' is no key character: neither
        // load nor clearsessions takes it for a session (Django's clear_expired skips it as an invalid key too).
        var engine = _sandbox.CreateEngine();
        var key = SessionKeys.Generate();
        var leftover = _sandbox.SessionFile(key) + "_out_ab_9xyz1";
        FileEngineSandbox.WriteFile(leftover, _sandbox.Codec.Encode(new JsonObject { ["a"] = 1 }), _sandbox.Time.GetUtcNow().AddYears(-1));

        Assert.Null(await engine.LoadAsync(key));
        Assert.Equal(0, await engine.ClearExpiredAsync());

        Assert.True(File.Exists(leftover));
    }

    public void Dispose() => _sandbox.Dispose();
}
