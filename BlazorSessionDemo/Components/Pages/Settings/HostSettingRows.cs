using BlazorSessionDemo.Data;
using BlazorSessionDemo.Security;

namespace BlazorSessionDemo.Components.Pages.Settings;

/// <summary>
/// The settings outside the <c>Session</c> section that the README lists: the database and the trusted proxies. The
/// connection string is only reported as set or not: it may hold a password.
/// </summary>
public static class HostSettingRows
{
    public static IReadOnlyList<SettingRow> Rows(DatabaseSettings database, string? connectionString, ProxySettings proxies) =>
    [
        new("DATABASES['default']['ENGINE']", "Database:Provider", "'django.db.backends.sqlite3'", database.Provider,
            "Which database holds django_session, the users and the session catalog: Sqlite or PostgreSQL.",
            Changed: !database.IsSqlite),
        new("(PRAGMA synchronous)", "Database:SqliteSynchronous", "FULL",
            database.IsSqlite ? database.SqliteSynchronous.ToString() : "(not used on PostgreSQL)",
            "SQLite's fsync level with WAL: Normal (a power loss may lose the last commits, never the file) or Full (every commit fsynced)."),
        new("DATABASES['default']", "ConnectionStrings:Default", "NAME = BASE_DIR / 'db.sqlite3'",
            string.IsNullOrEmpty(connectionString) ? SessionSettingRows.NotSet : $"{SessionSettingRows.Set} (never shown: it may hold a password)",
            "Where the database is; required for PostgreSQL."),
        new("(SECURE_PROXY_SSL_HEADER, roughly)", "ForwardedHeaders:KnownProxies", "—", List(proxies.KnownProxies),
            "Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; empty: the headers are ignored from everyone."),
        new("(USE_X_FORWARDED_HOST, roughly)", "ForwardedHeaders:KnownNetworks", "—", List(proxies.KnownNetworks),
            "Networks (CIDR) of such proxies."),
    ];

    private static string List(IReadOnlyCollection<string> items) => items.Count == 0 ? "empty" : string.Join(", ", items);
}
