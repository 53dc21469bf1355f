using System.Net;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// Issue 14's lockout hole: failures alternating over two nodes never locked an account, each node adding its own
/// 10 guesses per window. On the redis engine the counts live in Redis: 10 failures anywhere lock the account
/// everywhere, and concurrent guesses over both nodes are counted exactly. (Same node: LoginThrottleTests.)
/// </summary>
public sealed class LockoutAcrossNodesTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task TenFailuresAlternatingOverTwoNodes_LockTheAccount_OnBothNodes()
    {
        var login = $"n{Guid.NewGuid():N}"[..12];
        var a = nodes.A.CreateClient();
        var b = nodes.B.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            // The seed API answers a wrong password with 400 "invalid email or password".
            var response = await AuthClient.ApiLoginAsync(i % 2 == 0 ? a : b, login, "wrong-password");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AuthClient.ApiLoginAsync(a, login, "wrong-password")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AuthClient.ApiLoginAsync(b, login, "wrong-password")).StatusCode);
    }

    [Fact]
    public async Task ThirtyConcurrentGuessesSplitOverTwoNodes_ExactlyTenAreChecked_TheRestRefused429()
    {
        var login = $"n{Guid.NewGuid():N}"[..12];
        var clients = new[] { nodes.A.CreateClient(), nodes.B.CreateClient() };

        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            Task.Run(async () => (await AuthClient.ApiLoginAsync(clients[i % 2], login, "wrong-password")).StatusCode)));

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
