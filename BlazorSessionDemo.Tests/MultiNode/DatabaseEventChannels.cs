using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using DjangoSessions.Catalog;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>The SQLite outbox as another process sees it: a table anyone with the file can append to.</summary>
public static class OutboxRows
{
    public static async Task AppendAsync(AppFactory node, string message)
    {
        await using var db = new SqliteConnection(node.Database.ConnectionString);
        await db.OpenAsync();
        await using var insert = db.CreateCommand();
        insert.CommandText = "INSERT INTO session_event_outbox (created, message) VALUES ($created, $message)";
        insert.Parameters.AddWithValue("$created", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$message", message);
        await insert.ExecuteNonQueryAsync();
    }

    public static async Task ExecuteAsync(AppFactory node, string sql)
    {
        await using var db = new SqliteConnection(node.Database.ConnectionString);
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>PostgreSQL's <c>session_events</c> channel as any client of the database sees it.</summary>
public static class PostgreSqlNotifications
{
    public static async Task SendAsync(PostgresTestDatabase database, string payload)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var notify = new NpgsqlCommand("SELECT pg_notify('session_events', @payload)", connection);
        notify.Parameters.AddWithValue("payload", payload);
        await notify.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A session ends while its announcement is lost, then every node's LISTEN connection is cut (a network blip): after
    /// reconnecting, B tells the page of the ended session, and not the page of a live one.
    /// </summary>
    public static async Task GapIsMadeUpForAsync(PostgreSqlTwoNodes nodes)
    {
        var gone = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(nodes.A.CreateBrowserLikeClient(), "alice@example.com", "alice-password"));
        var kept = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(nodes.A.CreateBrowserLikeClient(), "bob@example.com", "bob-password"));
        var ended = new TaskCompletionSource<SessionEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var keptEnded = 0;
        using var gonePage = TwoNodes.Bus(nodes.B).SubscribeToSession(SessionFingerprint.Of(gone), e => { if (e.IsEnd) ended.TrySetResult(e); });
        using var keptPage = TwoNodes.Bus(nodes.B).SubscribeToSession(SessionFingerprint.Of(kept), e => { if (e.IsEnd) Interlocked.Increment(ref keptEnded); });

        // Removed behind the app's back, so no event is sent.
        Assert.Equal(1L, Convert.ToInt64(await nodes.Database.ScalarAsync(
            $"WITH d AS (DELETE FROM session_catalog WHERE fingerprint = '{SessionFingerprint.Of(gone)}' RETURNING 1) SELECT count(*) FROM d")));
        var cut = Convert.ToInt64(await nodes.Database.ScalarAsync(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN session_events'"));
        Assert.Equal(2L, cut);

        Assert.Equal(SessionEndReason.Revoked, (await Eventually.Bounded(ended.Task)).Reason);
        await TwoNodes.ConnectedAsync(nodes.A, nodes.B);
        Assert.Equal(0, keptEnded);
    }
}
