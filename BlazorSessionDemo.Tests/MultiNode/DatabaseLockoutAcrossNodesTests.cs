using System.Net;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// Issue 14's lockout hole on <c>db</c> deployments: two nodes on one shared SQLite file (no Redis). The counts live in
/// the database (<c>login_failures</c>), so 10 failures spread over both nodes lock the account on both, concurrent
/// guesses over both are counted exactly, and a restarted node still refuses. (Redis: LockoutAcrossNodesTests; one
/// node: DatabaseLoginThrottleTests.)
/// </summary>
public sealed class DatabaseLockoutAcrossNodesTests : IAsyncLifetime
{
    private AppFactory _a = null!;
    private AppFactory _b = null!;

    public Task InitializeAsync()
    {
        _a = new AppFactory(new() { ["Session:Engine"] = "db" });
        _b = Node();
        _ = _a.Services;
        _ = _b.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    private AppFactory Node() => new(new()
    {
        ["Session:Engine"] = "db",
        ["ConnectionStrings:Default"] = _a.Database.ConnectionString,
        ["DataProtection:KeysFolder"] = Path.Combine(_a.Database.Folder, "dataprotection-keys"),
        ["Demo:SeedUsers"] = "false",
    });

    [Fact]
    public async Task TenFailuresAlternatingOverTwoNodes_LockTheAccount_OnBothNodes_AndARestartDoesNotUnlockIt()
    {
        var login = $"n{Guid.NewGuid():N}"[..12];
        var a = _a.CreateClient();
        var b = _b.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            var response = await AuthClient.ApiLoginAsync(i % 2 == 0 ? a : b, login, "wrong-password");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AuthClient.ApiLoginAsync(a, login, "wrong-password")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AuthClient.ApiLoginAsync(b, login, "wrong-password")).StatusCode);

        // Node B restarts: a new process would start with nothing in memory.
        await _b.DisposeAsync();
        _b = Node();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AuthClient.ApiLoginAsync(_b.CreateClient(), login, "wrong-password")).StatusCode);
    }

    [Fact]
    public async Task ThirtyConcurrentGuessesSplitOverTwoNodes_ExactlyTenAreChecked_TheRestRefused429()
    {
        var login = $"n{Guid.NewGuid():N}"[..12];
        var clients = new[] { _a.CreateClient(), _b.CreateClient() };

        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            Task.Run(async () => (await AuthClient.ApiLoginAsync(clients[i % 2], login, "wrong-password")).StatusCode)));

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
