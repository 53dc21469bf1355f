namespace BlazorSessionDemo.Data;

/// <summary>
/// The <c>Database</c> section: which database holds users, <c>django_session</c>, the catalog and the ledger.
/// <c>Provider</c> is <c>Sqlite</c> (default: an embedded file, nothing to install) or <c>PostgreSQL</c> (a server
/// several app nodes and a Django site can share), case-insensitive; <c>ConnectionStrings:Default</c> is that
/// provider's connection string. Django's <c>DATABASES['default']['ENGINE']</c>, in one word.
/// </summary>
public sealed class DatabaseSettings
{
    public const string SectionName = "Database";
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";

    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// SQLite's <c>PRAGMA synchronous</c> on every connection: <c>Normal</c> (default, with WAL: commits don't wait for
    /// an fsync; a power loss may lose the last commits, never the file), <c>Full</c> (every commit fsynced) or
    /// <c>Extra</c>. Not used on PostgreSQL.
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Normal;

    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase);
}
