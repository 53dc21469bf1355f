using System.Net;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.Faults;

/// <summary>
/// The file engine's session folder on a disk that is full (a small tmpfs filled to the last byte) or read-only: a
/// session write answers a clear 503 (no 500, no cookie), the session file keeps its old content, and no temp file or
/// half-claimed session file is left in the folder - as Django's save() cleans up after a failed write.
/// </summary>
public sealed class FileEngineDiskFaultTests
{
    [Fact]
    public async Task DiskFull_SessionWrite_Answers503_KeepsTheSessionFile_AndLeavesNoTempFile()
    {
        using var disk = TmpfsMount.Create("1m");
        var (app, client, folder) = await LoggedInAsync(disk);
        await using var _ = app;
        var before = Snapshot(folder);

        disk.Fill();
        // Logging in again cycles the key: a new session file is claimed and written inside the endpoint.
        await SqliteFaultTests.AssertUnavailableJsonAsync(await client.SendAsync(SqliteFaultTests.ApiLogin()));
        // A page whose save happens when the response starts: the status can still change, the body can't.
        var page = await AntiforgeryForm.PostAsync(client, "/session_test/", "write");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Null(SetCookie.Find(page.Headers, AuthClient.CookieName));
        disk.Free();

        Assert.Equal(before, Snapshot(folder));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task FilesystemReadOnly_SessionWrite_Answers503_AndKeepsTheSessionFile()
    {
        using var disk = TmpfsMount.Create("1m");
        var (app, client, folder) = await LoggedInAsync(disk);
        await using var _ = app;
        var before = Snapshot(folder);

        disk.MakeReadOnly();
        await SqliteFaultTests.AssertUnavailableJsonAsync(await client.SendAsync(SqliteFaultTests.ApiLogin()));
        disk.MakeWritable();

        Assert.Equal(before, Snapshot(folder));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    private static async Task<(AppFactory App, HttpClient Client, string Folder)> LoggedInAsync(TmpfsMount disk)
    {
        var folder = Path.Combine(disk.Path, "sessions");
        var app = new AppFactory(new() { ["Session:Engine"] = SessionEngineNames.File, ["Session:FilePath"] = folder });
        var client = app.CreateBrowserLikeClient();
        var login = await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True(File.Exists(Path.Combine(folder, AuthClient.CookieName + AuthClient.SessionKeyOf(login))));
        return (app, client, folder);
    }

    /// <summary>Every file in the session folder with its content: a stray temp file or a changed session shows up here.</summary>
    private static List<(string Name, string Content)> Snapshot(string folder) =>
        [.. Directory.GetFiles(folder).Order().Select(f => (Path.GetFileName(f), File.ReadAllText(f)))];
}
