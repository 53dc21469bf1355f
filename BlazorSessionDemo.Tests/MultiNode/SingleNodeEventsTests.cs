using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using DjangoSessions.Catalog;
using Microsoft.Data.Sqlite;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// The default single node on SQLite pays nothing for the multi-node transports: no outbox table, no outbox rows, no
/// active transport; its pages still hear every event in process. The same app told it is one of several nodes uses
/// the outbox.
/// </summary>
public sealed class SingleNodeEventsTests
{
    [Fact]
    public async Task SingleNodeOnSqlite_HasNoActiveTransport_AndWritesNoOutbox()
    {
        await using var app = new AppFactory();
        using var events = TwoNodes.Listen(app);

        var login = await AuthClient.ApiLoginAsync(app.CreateBrowserLikeClient(), "alice@example.com", "alice-password");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True(events.Any(e => e.Kind == SessionEventKind.Created), events.ToString());
        Assert.Empty(((NodeSpanningSessionEventBus)TwoNodes.Bus(app)).ActiveTransports);
        Assert.Equal(0L, await OutboxTablesAsync(app));
    }

    [Fact]
    public async Task NodeOfSeveralOnSqlite_UsesTheOutbox()
    {
        await using var app = new AppFactory(new() { ["Session:MultipleNodes"] = "true" });

        var transports = ((NodeSpanningSessionEventBus)TwoNodes.Bus(app)).ActiveTransports;

        Assert.Equal("SqliteOutboxEventTransport`1", Assert.Single(transports).GetType().Name);
        await Eventually.WaitUntilAsync("the outbox table is created", async () => await OutboxTablesAsync(app) == 1);
    }

    private static async Task<long> OutboxTablesAsync(AppFactory app)
    {
        await using var db = new SqliteConnection(app.Database.ConnectionString);
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'session_event_outbox'";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
