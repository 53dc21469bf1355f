using System.Net;
using DjangoSessions.Http;
using Microsoft.AspNetCore.Http;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// <c>AddFileEngine()</c> in a real host: <c>Session:Engine=file</c> stores sessions as files in <c>Session:FilePath</c>
/// through the middleware, an unusable folder stops the start with a message naming the setting, and a folder that
/// disappears later is a 503.
/// </summary>
public sealed class FileEngineRegistrationTests : IDisposable
{
    private readonly FileEngineSandbox _sandbox = new();

    [Fact]
    public async Task FileEngine_StoresTheSessionAsAFile_AndReadsItBack()
    {
        await using var app = await StartAsync(_sandbox.Folder);
        var client = app.GetTestClient();

        var write = await client.PostAsync("/write?value=hello", null);
        var cookie = SetCookie.Find(write.Headers, "sessionid");

        Assert.NotNull(cookie);
        Assert.Equal(["sessionid" + cookie.Value], _sandbox.FolderEntries());
        Assert.Equal("hello", await ReadAsync(client, cookie.Value));
    }

    [Fact]
    public async Task MissingFolder_IsCreatedOnStart()
    {
        var folder = Path.Combine(_sandbox.Root, "created", "on", "start");

        await using var app = await StartAsync(folder);

        Assert.True(Directory.Exists(folder));
    }

    [Fact]
    public async Task FolderThatIsAFile_StopsStart_WithMessageNamingTheSetting()
    {
        var notAFolder = Path.Combine(_sandbox.Root, "sessions.txt");
        File.WriteAllText(notAFolder, "not a folder");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(notAFolder));

        Assert.Contains("Session:FilePath", error.Message);
        Assert.Contains(notAFolder, error.Message);
    }

    [Fact]
    public async Task SessionsDisabled_FilePathIsNotChecked()
    {
        var notAFolder = Path.Combine(_sandbox.Root, "sessions.txt");
        File.WriteAllText(notAFolder, "not a folder");

        await using var app = await StartAsync(notAFolder, enabled: false);

        Assert.Equal("not a folder", File.ReadAllText(notAFolder));
    }

    [Fact]
    public async Task FolderGoneWhileRunning_Answers503_NotANewSession()
    {
        await using var app = await StartAsync(_sandbox.Folder);
        var client = app.GetTestClient();
        var cookie = SetCookie.Find((await client.PostAsync("/write?value=hello", null)).Headers, "sessionid")!;
        Directory.Delete(_sandbox.Folder, recursive: true);

        var request = new HttpRequestMessage(HttpMethod.Get, "/read");
        request.Headers.Add("Cookie", $"sessionid={cookie.Value}");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
    }

    [Fact]
    public async Task ClearSessionsCommand_RemovesExpiredFiles()
    {
        await using var app = await StartAsync(_sandbox.Folder);
        var client = app.GetTestClient();
        await client.PostAsync("/write?value=old", null);
        foreach (var file in Directory.EnumerateFiles(_sandbox.Folder))
        {
            File.SetLastWriteTimeUtc(file, _sandbox.Time.GetUtcNow().AddDays(-15).UtcDateTime);
        }
        await client.PostAsync("/write?value=new", null);
        var output = new StringWriter();

        var exitCode = await ClearSessionsCommand.RunAsync(app.Services, output, new StringWriter());

        Assert.Equal(0, exitCode);
        Assert.Contains("Removed 1 expired session(s) from the 'file' engine.", output.ToString());
        Assert.Single(_sandbox.FolderEntries());
    }

    private async Task<WebApplication> StartAsync(string folder, bool enabled = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Session:SecretKey"] = FileEngineSandbox.Secret,
            ["Session:Engine"] = enabled ? SessionEngineNames.File : SessionEngineNames.Db,
            ["Session:Enabled"] = enabled ? "true" : "false",
            ["Session:FilePath"] = folder,
        });
        builder.Services.AddSingleton<TimeProvider>(_sandbox.Time);
        builder.Services.AddDjangoSessions(builder.Configuration.GetSection(DjangoSessionSettings.SectionName)).AddFileEngine();
        var app = builder.Build();
        app.UseDjangoSessions();
        app.MapGet("/read", async (HttpContext c) => (await c.GetDjangoSessionAsync()).Get<string>("h1") ?? "(none)");
        app.MapPost("/write", async (HttpContext c, string value) => (await c.GetDjangoSessionAsync())["h1"] = value);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private static async Task<string> ReadAsync(HttpClient client, string sessionKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/read");
        request.Headers.Add("Cookie", $"sessionid={sessionKey}");
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public void Dispose() => _sandbox.Dispose();
}
