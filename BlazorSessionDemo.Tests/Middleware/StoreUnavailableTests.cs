using System.Net;

namespace BlazorSessionDemo.Tests.Middleware;

/// <summary>A store that can't be reached or written is a 503 and no cookie, never a 500 or a fake empty session.</summary>
public sealed class StoreUnavailableTests
{
    [Fact]
    public async Task ReadOnlyDatabase_SaveAnswers503_AndSetsNoCookie()
    {
        await using var host = await SessionTestHost.StartAsync(engineConnectionString: db => db.ConnectionString + ";Mode=ReadOnly");

        var response = await host.SendAsync(HttpMethod.Post, "/write?value=x");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
        Assert.Equal(0, await host.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task MissingDatabase_LoadAnswers503WithReason_AsJsonForApiClients()
    {
        await using var host = await SessionTestHost.StartAsync(
            engineConnectionString: db => $"Data Source={Path.Combine(db.Folder, "missing", "gone.db")};Mode=ReadOnly");
        var request = new HttpRequestMessage(HttpMethod.Get, "/read");
        request.Headers.Add("Cookie", $"sessionid={DjangoSessions.SessionKeys.Generate()}");
        request.Headers.Add("Accept", "application/json");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        Assert.Contains("session store is temporarily unavailable", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MissingDatabase_BrowsersGetAnHtmlPage()
    {
        await using var host = await SessionTestHost.StartAsync(
            engineConnectionString: db => $"Data Source={Path.Combine(db.Folder, "missing", "gone.db")};Mode=ReadOnly");

        var response = await host.SendAsync(HttpMethod.Get, "/read", DjangoSessions.SessionKeys.Generate());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
