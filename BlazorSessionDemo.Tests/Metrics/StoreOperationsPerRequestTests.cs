using System.Diagnostics.Metrics;
using System.Net;
using DjangoSessions.Metrics;
using BenchHost;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.Metrics;

/// <summary>
/// The store round trips each kind of request costs on the db engine, read from the app's own meter
/// (<c>DjangoSessions</c>): the invariants the benchmarks (bench/run.sh, E1–E5) assert under load, kept
/// here so a change that adds a query to the session path fails a test. Django's lazy sessions are the reference:
/// no query for a request that never needs the session, one SELECT for a read, one SELECT + one UPDATE for a write.
/// </summary>
public sealed class StoreOperationsPerRequestTests : IAsyncLifetime
{
    // The benchmark host's E1 and E3 endpoints (bench/BenchHost), composed into the app as bench/run.sh does.
    private readonly AppFactory _app = new(services: services => services.AddBenchHost());
    private SessionStoreTotals _counts = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _app.CreateBrowserLikeClient();
        _counts = new SessionStoreTotals(_app.Services.GetRequiredService<IMeterFactory>());
        // Starts the app (and seeds the accounts) before anything is counted.
        (await _client.GetAsync("/bench/e0")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _counts.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnonymousRequest_CostsNoStoreOperation_AndSetsNoCookie()
    {
        _counts.Reset();

        var response = await _client.GetAsync("/bench/e1");

        Assert.Equal("anonymous", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal((0, 0, 0), _counts.Totals);
    }

    [Fact]
    public async Task FirstLogin_CostsOneWrite_AndNoRead()
    {
        _counts.Reset();

        var response = await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password");

        response.EnsureSuccessStatusCode();
        // A fresh session has no key to cycle: the response's save creates it (Django's login() writes twice here).
        Assert.Equal((0, 1, 0), _counts.Totals);
    }

    [Fact]
    public async Task LoginOverAnExistingSession_CyclesTheKey_OneReadOneDeleteTwoWrites()
    {
        await LogInAsync();

        var response = await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password");

        response.EnsureSuccessStatusCode();
        // load, cycle_key's create + delete of the old key, then the response's save: the fixation defence's price.
        Assert.Equal((1, 2, 1), _counts.Totals);
    }

    [Fact]
    public async Task AuthenticatedRead_CostsOneRead_AndNoWrite()
    {
        await LogInAsync();

        var response = await _client.GetAsync("/api/test1");

        Assert.Equal("test1 ok", await response.Content.ReadAsStringAsync());
        Assert.Equal((1, 0, 0), _counts.Totals);
    }

    [Fact]
    public async Task ReadAndWrite_CostsOneRead_AndOneWrite()
    {
        await LogInAsync();

        var response = await _client.GetAsync("/bench/e3");

        Assert.Equal("1", await response.Content.ReadAsStringAsync());
        Assert.Equal((1, 1, 0), _counts.Totals);
    }

    [Fact]
    public async Task Logout_CostsOneRead_AndOneDelete()
    {
        await LogInAsync();

        var response = await _client.PostAsync("/api/logout", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 0, 1), _counts.Totals);
    }

    [Fact]
    public async Task RepeatedReads_CostOneReadEach()
    {
        await LogInAsync();

        for (var i = 0; i < 5; i++)
        {
            (await _client.GetAsync("/api/test1")).EnsureSuccessStatusCode();
        }

        Assert.Equal((5, 0, 0), _counts.Totals);
    }

    private async Task LogInAsync()
    {
        (await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password")).EnsureSuccessStatusCode();
        _counts.Reset();
    }
}
