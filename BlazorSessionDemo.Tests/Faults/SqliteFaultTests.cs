using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace BlazorSessionDemo.Tests.Faults;

/// <summary>
/// The db engine's SQLite file can't take a write: another connection holds the write lock past the busy timeout, the
/// disk is full (a small tmpfs filled to the last byte), or the filesystem went read-only. The request that writes the
/// session gets a clear 503 (no 500, no cookie), and every stored row is exactly as before: no partial row, no lost
/// session - the user is still logged in once the fault is gone.
/// </summary>
public sealed class SqliteFaultTests
{
    private const string Unavailable = "session store is temporarily unavailable";

    [Fact]
    public async Task DatabaseLockedByAnotherWriter_SessionWrite_Answers503_AndLeavesEveryRowAsItWas()
    {
        await using var app = new AppFactory();
        // One second of busy timeout instead of the app's 30, so the test waits for the timeout, not half a minute.
        using var site = app.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Default", app.Database.ConnectionString + ";Default Timeout=1"));
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password")).StatusCode);
        var before = await StoredRows.ReadAllAsync(app.Database.Path);

        using (var holder = StoredRows.Open(app.Database.Path))
        {
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }
            // Logging in again cycles the key: a new row is inserted inside the endpoint, so the 503 carries a body.
            await AssertUnavailableJsonAsync(await client.SendAsync(ApiLogin()));
            // A page whose save happens when the response starts: the status can still change, the body can't.
            var page = await AntiforgeryForm.PostAsync(client, "/session_test/", "write");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Null(SetCookie.Find(page.Headers, AuthClient.CookieName));
        }

        Assert.Equal(before, await StoredRows.ReadAllAsync(app.Database.Path));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task DiskFull_SessionWrite_Answers503_AndLeavesEveryRowAndNoStrayFile()
    {
        using var disk = TmpfsMount.Create("8m");
        var database = Path.Combine(disk.Path, "app.db");
        await using var app = new AppFactory(new() { ["ConnectionStrings:Default"] = $"Data Source={database}" });
        var client = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password")).StatusCode);
        await StoredRows.CheckpointAsync(database);
        var before = await StoredRows.ReadAllAsync(database);
        var files = Directory.GetFiles(disk.Path).Order().ToArray();

        disk.Fill();
        await AssertUnavailableJsonAsync(await client.SendAsync(ApiLogin()));
        await AssertUnavailableJsonAsync(await client.SendAsync(Json(HttpMethod.Post, "/api/logout")));
        disk.Free();

        Assert.Equal(before, await StoredRows.ReadAllAsync(database));
        Assert.Equal(files, Directory.GetFiles(disk.Path).Order().ToArray());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task FilesystemReadOnly_SessionWrite_Answers503_AndLeavesEveryRow()
    {
        using var disk = TmpfsMount.Create("8m");
        var database = Path.Combine(disk.Path, "app.db");
        await using var app = new AppFactory(new() { ["ConnectionStrings:Default"] = $"Data Source={database}" });
        var client = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password")).StatusCode);
        var before = await StoredRows.ReadAllAsync(database);

        // Connections the app keeps open for writing would make the remount "busy"; the next request opens new ones.
        SqliteConnection.ClearAllPools();
        disk.MakeReadOnly();
        await AssertUnavailableJsonAsync(await client.SendAsync(ApiLogin()));
        disk.MakeWritable();

        Assert.Equal(before, await StoredRows.ReadAllAsync(database));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    internal static async Task AssertUnavailableJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Contains(Unavailable, JsonNode.Parse(body)?["error"]?.GetValue<string>());
        Assert.Empty(SetCookie.All(response.Headers));
        Rejections.AssertNoTrace(body);
    }

    internal static HttpRequestMessage ApiLogin()
    {
        var request = Json(HttpMethod.Post, "/api/login");
        request.Content = JsonContent.Create(new { email = "alice@example.com", password = "alice-password" });
        return request;
    }

    internal static HttpRequestMessage Json(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Accept", "application/json");
        return request;
    }
}
