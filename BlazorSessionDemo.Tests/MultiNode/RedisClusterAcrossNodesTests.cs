using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using DjangoSessions.Catalog;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// Issue 14's two-node checks on a 3-primary Redis Cluster: events over pub/sub (which the cluster relays to every
/// node), expiry notifications (which it does not: each primary announces only its own keys, so each node must listen
/// on every primary) and the shared login lockout (one script over one key, run on that key's primary).
/// </summary>
public sealed class RedisClusterAcrossNodesTests(ClusterTwoNodes nodes) : IClassFixture<ClusterTwoNodes>
{
    [Fact]
    public async Task LoginOnA_IsHeardOnB_AndTheCookieWorksOnB_ThenLogoutOnA_EndsItOnB()
    {
        using var onB = TwoNodes.Listen(nodes.B);
        var login = await AuthClient.ApiLoginAsync(nodes.A.CreateBrowserLikeClient(), "alice@example.com", "alice-password");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var key = AuthClient.SessionKeyOf(login);
        var fingerprint = SessionFingerprint.Of(key);

        await onB.WaitForAsync("B hears A's login", e => e.Kind == SessionEventKind.Created && e.Fingerprint == fingerprint && e.UserId is not null);
        var clientB = AuthClient.CreateCookielessClient(nodes.B);
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(clientB, HttpMethod.Get, "/api/me", key)).StatusCode);

        var clientA = AuthClient.CreateCookielessClient(nodes.A);
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(clientA, HttpMethod.Post, "/api/logout", key)).StatusCode);

        await onB.WaitForAsync("B hears the logout", e => e.IsEnd && e.Fingerprint == fingerprint);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(clientB, HttpMethod.Get, "/api/me", key)).StatusCode);
    }

    [Fact]
    public async Task SessionKeysWhoseTtlRunsOut_OnEachOfTheThreePrimaries_AreAnnouncedAsExpired_OnBothNodes()
    {
        // One session key per primary: whichever primary a single subscription would land on, two of these live
        // elsewhere, so only a node listening on every primary hears all three.
        var byPrimary = new Dictionary<EndPoint, string>();
        for (var attempt = 0; attempt < 200 && byPrimary.Count < 3; attempt++)
        {
            var key = SessionKeys.Generate();
            byPrimary.TryAdd(nodes.PrimaryOf($"{nodes.Prefix}:{key}"), key);
        }
        Assert.Equal(nodes.Primaries.Select(e => e.ToString()).Order(), byPrimary.Keys.Select(e => e.ToString()).Order());
        using var onA = TwoNodes.Listen(nodes.A);
        using var onB = TwoNodes.Listen(nodes.B);

        // Stored as django-redis-sessions would, then dropped by each primary at its TTL; nothing in the app deletes them.
        foreach (var key in byPrimary.Values)
        {
            Assert.True(await nodes.Database.StringSetAsync($"{nodes.Prefix}:{key}", "e30:expiring", TimeSpan.FromMilliseconds(50)));
        }

        foreach (var (primary, key) in byPrimary)
        {
            var fingerprint = SessionFingerprint.Of(key);
            await onA.WaitForAsync($"A hears the expiry on {primary}", e => e.Kind == SessionEventKind.Expired && e.Fingerprint == fingerprint);
            await onB.WaitForAsync($"B hears the expiry on {primary}", e => e.Kind == SessionEventKind.Expired && e.Fingerprint == fingerprint);
        }
    }

    [Fact]
    public async Task TenFailuresAlternatingOverTwoNodes_LockTheAccount_OnBothNodes()
    {
        var login = $"n{Guid.NewGuid():N}"[..12];
        var a = nodes.A.CreateClient();
        var b = nodes.B.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await AuthClient.ApiLoginAsync(i % 2 == 0 ? a : b, login, "wrong-password")).StatusCode);
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
