using System.Net;
using Microsoft.Extensions.Logging;
using static BlazorSessionDemo.Tests.Playground.PlaygroundPage;

namespace BlazorSessionDemo.Tests.Playground;

/// <summary>
/// "Tamper one byte" through the whole app (db engine): a GET that changes a copy and nothing else. The session and its
/// cookie are untouched, the page shows the codec refusing the copy, and the server logs it as Django does.
/// </summary>
public sealed class SessionDataTamperPageTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly AppFactory _app;
    private readonly HttpClient _client;

    public SessionDataTamperPageTests()
    {
        _app = new AppFactory(services: s => s.AddLogging(b => b.AddProvider(_logs)));
        _client = _app.CreateBrowserLikeClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Tamper_ShowsTheSignatureFailing_AndLeavesTheSessionAndCookieAsTheyWere()
    {
        var set = await SetAsync(_client, "k", "\"v\"");
        var key = SessionCookie(set)!.Value;
        await FollowAsync(_client, set);
        var stored = await StoredDataAsync(key);
        Assert.DoesNotContain(_logs.Entries, IsCorruptedWarning);

        var response = await _client.GetAsync(PagePath + "?anatomy=tampered");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"tamper-verdict\" class=\"alert alert-danger\"", html);
        Assert.Equal("{}", Text(html, "tamper-verdict-answer"));
        Assert.Null(SessionCookie(response));
        Assert.Equal(stored, await StoredDataAsync(key));
        Assert.Equal("v", (await LoadAsync(_app, key))!["k"]!.GetValue<string>());
        Assert.Contains(_logs.Entries, IsCorruptedWarning);
    }

    [Fact]
    public async Task Tamper_WithoutASession_ShowsNothing_AndCreatesNothing()
    {
        var response = await _client.GetAsync(PagePath + "?anatomy=tampered");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Text(html, "tamper-verdict"));
        Assert.Null(SessionCookie(response));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    private static bool IsCorruptedWarning(CapturedLog e) =>
        e.Level == LogLevel.Warning && e.Message.StartsWith("Session data corrupted", StringComparison.Ordinal);

    private async Task<string?> StoredDataAsync(string key)
    {
        using var scope = _app.Services.CreateScope();
        var record = await ((ISessionRecordReader)scope.ServiceProvider.GetRequiredService<ISessionEngine>()).ReadRawAsync(key);
        return record?.SessionData;
    }
}
