using System.Net;
using BlazorSessionDemo.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>The catalog is bookkeeping: when it can't be written, logins, requests and logouts still work, with warnings logged.</summary>
public sealed class CatalogFailureTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new();
    private readonly CapturingLoggerProvider _logs = new();
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(_logs))));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task WithoutTheCatalogTable_LoginRequestsAndLogout_StillSucceed_AndWarn()
    {
        _ = _app.Services;
        await using (var db = _factory.Database.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE session_catalog");
        }
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var login = await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password");
        var me = await client.GetAsync("/api/me");
        var logout = await client.PostAsync("/api/logout", null);
        var after = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        var warnings = _logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.EventId.Id).ToList();
        Assert.Contains(1401, warnings);
        Assert.Contains(1403, warnings);
    }
}
