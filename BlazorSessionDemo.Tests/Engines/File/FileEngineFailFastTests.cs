namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// The file engine's delete and clearsessions give up at once, with the real reason: a missing folder is "store
/// unavailable" naming the folder (not a lock that "stayed locked by another process" after retries), and a cancelled
/// clearsessions stops before touching a file.
/// </summary>
public sealed class FileEngineFailFastTests : IDisposable
{
    private readonly FileEngineSandbox _sandbox = new();

    [Fact]
    public async Task Delete_WhenTheFolderIsGone_IsStoreUnavailable_NamingTheMissingFolder()
    {
        var engine = _sandbox.CreateEngine();
        var session = await _sandbox.SaveNewSessionAsync(engine, ("user_id", 7));
        Directory.Delete(_sandbox.Folder, recursive: true);

        var error = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => engine.DeleteAsync(session.SessionKey!));

        var missing = Assert.IsType<DirectoryNotFoundException>(error.InnerException);
        Assert.Contains(_sandbox.Folder, missing.Message);
    }

    [Fact]
    public async Task ClearExpired_Cancelled_Throws_AndLeavesEveryFileInPlace()
    {
        var engine = _sandbox.CreateEngine();
        var session = await _sandbox.SaveNewSessionAsync(engine, ("user_id", 7));
        _sandbox.Time.Advance(TimeSpan.FromDays(15));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ClearExpiredAsync(cancelled.Token));

        Assert.True(File.Exists(_sandbox.SessionFile(session.SessionKey!)));
        Assert.Equal(1, await engine.ClearExpiredAsync());
    }

    public void Dispose() => _sandbox.Dispose();
}
