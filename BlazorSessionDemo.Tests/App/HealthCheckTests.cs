using System.Net;

namespace BlazorSessionDemo.Tests.App;

public sealed class HealthCheckTests
{
    [Fact]
    public async Task Healthz_ReportsTheSessionStore()
    {
        await using var app = new AppFactory();

        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_IsUnhealthy_WhenTheStoreCannotBeOpened()
    {
        await using var host = await SessionTestHost.StartAsync(
            engineConnectionString: db => $"Data Source={Path.Combine(db.Folder, "gone", "x.db")};Mode=ReadOnly");

        var response = await host.SendAsync(HttpMethod.Get, "/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
