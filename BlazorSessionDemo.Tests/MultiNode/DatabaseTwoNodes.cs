namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// Two instances of the app in this process sharing a database and no Redis, as two nodes behind a load balancer: the
/// session engine is the database's (db or cached_db) and their events travel through the database itself (PostgreSQL
/// LISTEN/NOTIFY, or the SQLite outbox). Each node has its own pools, caches, bus and write locks.
/// </summary>
public abstract class DatabaseTwoNodes(string engine) : IAsyncLifetime
{
    public AppFactory A { get; private set; } = null!;
    public AppFactory B { get; private set; } = null!;
    public string Engine => engine;

    /// <summary>The database settings of node A.</summary>
    protected abstract Task<Dictionary<string, string?>> DatabaseSettingsAsync();

    /// <summary>Node B's database settings, to share A's database.</summary>
    protected abstract Dictionary<string, string?> SharedWith(AppFactory a);

    public async Task InitializeAsync()
    {
        A = new AppFactory(Settings(await DatabaseSettingsAsync()));
        B = new AppFactory(Settings(SharedWith(A)));
        // A first, so B finds the database migrated and seeded.
        _ = A.Services;
        _ = B.Services;
        await TwoNodes.ConnectedAsync(A, B);
    }

    public virtual async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }

    private Dictionary<string, string?> Settings(Dictionary<string, string?> database)
    {
        var settings = new Dictionary<string, string?>(database)
        {
            ["Session:Engine"] = engine,
            // Only the events under test announce ends: the catalog's own sweep and the periodic re-check are an hour away.
            ["Session:ExpirySweepInterval"] = "01:00:00",
            ["Session:EventResyncInterval"] = "01:00:00",
        };
        return settings;
    }
}

/// <summary>One SQLite file shared by both nodes (processes on one machine): events through the outbox table.</summary>
public abstract class SqliteTwoNodes(string engine) : DatabaseTwoNodes(engine)
{
    protected override Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["Session:MultipleNodes"] = "true" });

    protected override Dictionary<string, string?> SharedWith(AppFactory a) => new()
    {
        ["Session:MultipleNodes"] = "true",
        ["ConnectionStrings:Default"] = a.Database.ConnectionString,
        ["DataProtection:KeysFolder"] = Path.Combine(a.Database.Folder, "dataprotection-keys"),
    };
}

/// <summary>One PostgreSQL database of the fixture's own: events through LISTEN/NOTIFY, no setting needed.</summary>
public abstract class PostgreSqlTwoNodes(string engine) : DatabaseTwoNodes(engine)
{
    public PostgresTestDatabase Database { get; } = new();

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync()
    {
        await Database.InitializeAsync();
        return SharedWith(null!);
    }

    protected override Dictionary<string, string?> SharedWith(AppFactory a) => new()
    {
        ["Database:Provider"] = "PostgreSQL",
        ["ConnectionStrings:Default"] = Database.ConnectionString,
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await Database.DisposeAsync();
    }
}

public sealed class SqliteDbTwoNodes() : SqliteTwoNodes(SessionEngineNames.Db);

public sealed class SqliteCachedDbTwoNodes() : SqliteTwoNodes(SessionEngineNames.CachedDb);

public sealed class PostgreSqlDbTwoNodes() : PostgreSqlTwoNodes(SessionEngineNames.Db);

public sealed class PostgreSqlCachedDbTwoNodes() : PostgreSqlTwoNodes(SessionEngineNames.CachedDb);
