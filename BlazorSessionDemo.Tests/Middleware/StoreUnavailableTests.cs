using System.Net;

namespace BlazorSessionDemo.Tests.Middleware;

/// <summary>A store that can't be reached or written is a 503 and no cookie, never a 500 or a fake empty session.</summary>
public sealed class StoreUnavailableTests
{
    [Fact]
    public async Task ReadOnlyDatabase_SaveAnswers503_AndSetsNoCookie()
    {
        await using var host = await StartOnAReadOnlyDatabaseAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/write?value=x");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
        Assert.Equal(0, await host.Database.CountSessionsAsync());
        Assert.Single(host.Logs.Entries, e => e.EventId.Id == 1006 && e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task MissingDatabase_LoadAnswers503WithReason_AsJsonForApiClients()
    {
        await using var host = await StartOnAMissingDatabaseAsync();

        var response = await ReadWithAnUnknownSessionAsync(host, "application/json");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("session store is temporarily unavailable", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadOnlyDatabase_SaveOfAnAnswerNotYetSent_IsAWhole503_WithRetryAfter_AndNoCookie()
    {
        // /increment answers nothing, so the save runs after the endpoint and before the response starts (Django's
        // process_response): the failure can still become the whole answer, not only a status on a sent body.
        await using var host = await StartOnAReadOnlyDatabaseAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/increment");
        request.Headers.Add("Accept", "application/json");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("session store is temporarily unavailable", await response.Content.ReadAsStringAsync());
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
        Assert.Equal(0, await host.Database.CountSessionsAsync());
        Assert.Single(host.Logs.Entries, e => e.EventId.Id == 1006);
    }

    [Fact]
    public async Task MissingDatabase_TheAnswerDropsWhatTheEndpointHadSet()
    {
        await using var host = await StartOnAMissingDatabaseAsync();

        // The endpoint sets Vary before it reads the session; the 503 starts from a cleared response.
        var response = await host.SendAsync(HttpMethod.Get, "/read-with-vary", DjangoSessions.SessionKeys.Generate());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain("Accept-Encoding", response.Headers.Vary);
        // An outage is not a logout: the cookie stays as it is.
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
    }

    [Theory]
    [InlineData("text/html, application/json")]
    [InlineData("application/json, text/html")]
    [InlineData("*/*")]
    public async Task MissingDatabase_AnyClientThatTakesHtml_GetsThePage(string accept)
    {
        await using var host = await StartOnAMissingDatabaseAsync();

        var response = await ReadWithAnUnknownSessionAsync(host, accept);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<title>Service unavailable</title>", page);
        Assert.Contains("<p>The session store is temporarily unavailable. Please try again in a moment.</p>", page);
    }

    [Fact]
    public async Task MissingDatabase_BrowsersGetAnHtmlPage()
    {
        await using var host = await StartOnAMissingDatabaseAsync();

        var response = await host.SendAsync(HttpMethod.Get, "/read", DjangoSessions.SessionKeys.Generate());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private static Task<SessionTestHost> StartOnAReadOnlyDatabaseAsync() =>
        SessionTestHost.StartAsync(engineConnectionString: db => db.ConnectionString + ";Mode=ReadOnly");

    // The engine's database file is in a folder that doesn't exist: every store read fails.
    private static Task<SessionTestHost> StartOnAMissingDatabaseAsync() =>
        SessionTestHost.StartAsync(engineConnectionString: db => $"Data Source={Path.Combine(db.Folder, "missing", "gone.db")};Mode=ReadOnly");

    private static Task<HttpResponseMessage> ReadWithAnUnknownSessionAsync(SessionTestHost host, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/read");
        request.Headers.Add("Cookie", $"sessionid={DjangoSessions.SessionKeys.Generate()}");
        request.Headers.Add("Accept", accept);
        return host.Client.SendAsync(request);
    }
}
