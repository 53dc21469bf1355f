using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using DjangoSessions.Catalog;
using DjangoSessions.Redis;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>Two nodes of the app on the redis engine with the near cache on (<c>Session:Redis:NearCacheSize</c>).</summary>
public sealed class TwoNodesWithNearCache : TwoNodes
{
    protected override void Configure(Dictionary<string, string?> settings) =>
        settings["Session:Redis:NearCacheSize"] = "1024";
}

/// <summary>
/// The near cache as a deployment meets it: node B answers a session from its copy, and a logout on node A still ends
/// that session on B by the time B's pages hear of it (they reload at once), whichever of Redis's invalidation and
/// A's session event reaches B first.
/// </summary>
public sealed class RedisNearCacheAcrossNodesTests(TwoNodesWithNearCache nodes) : IClassFixture<TwoNodesWithNearCache>
{
    [Fact]
    public async Task LogoutOnA_EndsTheSessionOnB_WhereBAnsweredFromItsCopy()
    {
        var login = await AuthClient.ApiLoginAsync(nodes.A.CreateBrowserLikeClient(), "alice@example.com", "alice-password");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var key = AuthClient.SessionKeyOf(login);
        var onB = AuthClient.CreateCookielessClient(nodes.B);
        var nearB = nodes.B.Services.GetRequiredService<RedisNearCache>();

        await Eventually.WaitUntilAsync("B answers from its copy", async () =>
        {
            Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(onB, HttpMethod.Get, "/api/me", key)).StatusCode);
            return nearB.Get(key) is not null;
        });

        var ended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = TwoNodes.Bus(nodes.B).SubscribeToSession(SessionFingerprint.Of(key), e =>
        {
            if (e.IsEnd)
            {
                ended.TrySetResult(nearB.Get(key) is null);
            }
        });
        var onA = AuthClient.CreateCookielessClient(nodes.A);
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(onA, HttpMethod.Post, "/api/logout", key)).StatusCode);

        Assert.True(await Eventually.Bounded(ended.Task), "B's page heard the logout while B still kept a copy");
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(onB, HttpMethod.Get, "/api/me", key)).StatusCode);
    }
}
