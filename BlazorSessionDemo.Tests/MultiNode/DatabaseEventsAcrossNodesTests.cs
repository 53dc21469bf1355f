using System.Net;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using DjangoSessions.Catalog;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// Issue 14 without Redis: two nodes on one database hear each other through it (PostgreSQL LISTEN/NOTIFY chosen
/// because the database is PostgreSQL; the SQLite outbox because <c>Session:MultipleNodes</c> is set on SQLite), once
/// each, with a same-node control; on cached_db, a node's in-process cache never serves a session another node saved
/// or ended.
/// </summary>
public abstract class DatabaseEventsAcrossNodesTests<TNodes>(TNodes nodes) : IClassFixture<TNodes>
    where TNodes : DatabaseTwoNodes
{
    protected TNodes Nodes => nodes;

    [Fact]
    public async Task LoginOnA_IsHeardOnB_AndTheCookieWorksOnB_ThenLogoutOnA_EndsItOnB()
    {
        using var onA = TwoNodes.Listen(nodes.A);
        using var onB = TwoNodes.Listen(nodes.B);
        var login = await AuthClient.ApiLoginAsync(nodes.A.CreateBrowserLikeClient(), "alice@example.com", "alice-password");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var key = AuthClient.SessionKeyOf(login);
        var fingerprint = SessionFingerprint.Of(key);

        await onB.WaitForAsync("B hears A's login", e => e.Kind == SessionEventKind.Created && e.Fingerprint == fingerprint && e.UserId is not null);
        var clientB = AuthClient.CreateCookielessClient(nodes.B);
        // On cached_db this also puts the session in B's own cache.
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(clientB, HttpMethod.Get, "/api/me", key)).StatusCode);

        var ended = new TaskCompletionSource<SessionEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = TwoNodes.Bus(nodes.B).SubscribeToSession(fingerprint, e => { if (e.IsEnd) ended.TrySetResult(e); });
        var clientA = AuthClient.CreateCookielessClient(nodes.A);
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(clientA, HttpMethod.Post, "/api/logout", key)).StatusCode);

        Assert.Equal(SessionEndReason.Deleted, (await Eventually.Bounded(ended.Task)).Reason);
        // The replay on B: no copy of the ended session is left in B's cache.
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(clientB, HttpMethod.Get, "/api/me", key)).StatusCode);
        // Control: each node heard each event once (A its own only locally, not again through the database).
        await onB.WaitForAsync("B hears the end", e => e.IsEnd && e.Fingerprint == fingerprint);
        Assert.True(onA.Count(e => e.Kind == SessionEventKind.Created && e.Fingerprint == fingerprint) == 1, onA.ToString());
        Assert.Equal(1, onA.Count(e => e.IsEnd && e.Fingerprint == fingerprint));
        Assert.Equal(1, onB.Count(e => e.Kind == SessionEventKind.Created && e.Fingerprint == fingerprint));
    }

    [Fact]
    public async Task SaveOnA_IsWhatBLoadsNext_EvenWhenBHadTheSessionCached()
    {
        var engineA = nodes.A.Services.GetRequiredService<ISessionEngine>();
        var engineB = nodes.B.Services.GetRequiredService<ISessionEngine>();
        var key = DjangoSessions.SessionKeys.Generate();
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        await engineA.SaveAsync(key, new JsonObject { ["cart"] = "empty" }, expires, mustCreate: true);
        Assert.Equal("empty", (string?)(await engineB.LoadAsync(key))!["cart"]);

        await engineA.SaveAsync(key, new JsonObject { ["cart"] = "book" }, expires, mustCreate: false);

        await Eventually.WaitUntilAsync("B loads A's save", async () => (string?)(await engineB.LoadAsync(key))?["cart"] == "book");
        // Control: A's own load never lagged.
        Assert.Equal("book", (string?)(await engineA.LoadAsync(key))!["cart"]);
    }

    [Fact]
    public async Task MessagesThatTheAppWouldNotWrite_AreIgnored_AndAnotherNodesMessageIsHeard()
    {
        using var onB = TwoNodes.Listen(nodes.B);
        var forged = SessionFingerprint.Of("forged-" + Guid.NewGuid());

        await SendRawAsync("not json");
        await SendRawAsync($$"""{"O":"x","K":"Ended","F":"{{forged.ToUpperInvariant()}}"}""");
        await SendRawAsync($$"""{"O":"x","K":"99","F":"{{forged}}"}""");
        await SendRawAsync($$"""{"O":"x","K":"Ended","F":"{{forged}}","R":"Revoked"}""");

        // Delivered in order: once the well-formed one is heard, the ones before it were dropped.
        await onB.WaitForAsync("B hears the well-formed message", e => e.Fingerprint == forged);
        Assert.True(onB.Count(e => string.Equals(e.Fingerprint, forged, StringComparison.OrdinalIgnoreCase)) == 1, onB.ToString());
    }

    [Fact]
    public async Task SessionSweptAsExpiredOnA_IsAnnouncedToItsPageOnB()
    {
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(nodes.A.CreateBrowserLikeClient(), "bob@example.com", "bob-password"));
        var fingerprint = SessionFingerprint.Of(key);
        var expired = new TaskCompletionSource<SessionEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = TwoNodes.Bus(nodes.B).SubscribeToSession(fingerprint, e => { if (e.IsEnd) expired.TrySetResult(e); });

        // Its expiry date passes (moved back rather than waited for); A's sweep is the one that notices.
        await ExecuteAsync($"UPDATE session_catalog SET expire_date = '2000-01-01 00:00:00' WHERE fingerprint = '{fingerprint}'");
        await nodes.A.Services.GetRequiredService<SessionExpiryWatcher>().SweepAsync(CancellationToken.None);

        Assert.Equal(SessionEventKind.Expired, (await Eventually.Bounded(expired.Task)).Kind);
    }

    /// <summary>Puts <paramref name="payload"/> on the database's event channel as anyone with access to it could.</summary>
    protected abstract Task SendRawAsync(string payload);

    /// <summary>Runs <paramref name="sql"/> on the nodes' database, behind the app's back.</summary>
    protected abstract Task ExecuteAsync(string sql);
}

public sealed class SqliteDbEventsAcrossNodesTests(SqliteDbTwoNodes nodes) : DatabaseEventsAcrossNodesTests<SqliteDbTwoNodes>(nodes)
{
    protected override Task SendRawAsync(string payload) => OutboxRows.AppendAsync(Nodes.A, payload);

    protected override Task ExecuteAsync(string sql) => OutboxRows.ExecuteAsync(Nodes.A, sql);
}

public sealed class SqliteCachedDbEventsAcrossNodesTests(SqliteCachedDbTwoNodes nodes) : DatabaseEventsAcrossNodesTests<SqliteCachedDbTwoNodes>(nodes)
{
    protected override Task SendRawAsync(string payload) => OutboxRows.AppendAsync(Nodes.A, payload);

    protected override Task ExecuteAsync(string sql) => OutboxRows.ExecuteAsync(Nodes.A, sql);
}

public sealed class PostgreSqlDbEventsAcrossNodesTests(PostgreSqlDbTwoNodes nodes) : DatabaseEventsAcrossNodesTests<PostgreSqlDbTwoNodes>(nodes)
{
    protected override Task SendRawAsync(string payload) => PostgreSqlNotifications.SendAsync(Nodes.Database, payload);

    protected override Task ExecuteAsync(string sql) => Nodes.Database.ScalarAsync(sql);

    [Fact]
    public Task ListeningConnectionsKilled_AfterReconnect_OpenPagesWhoseSessionsEndedMeanwhile_AreTold() =>
        PostgreSqlNotifications.GapIsMadeUpForAsync(Nodes);
}

public sealed class PostgreSqlCachedDbEventsAcrossNodesTests(PostgreSqlCachedDbTwoNodes nodes)
    : DatabaseEventsAcrossNodesTests<PostgreSqlCachedDbTwoNodes>(nodes)
{
    protected override Task SendRawAsync(string payload) => PostgreSqlNotifications.SendAsync(Nodes.Database, payload);

    protected override Task ExecuteAsync(string sql) => Nodes.Database.ScalarAsync(sql);
}
