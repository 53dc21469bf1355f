namespace BlazorSessionDemo.Tests.Interop;

/// <summary>
/// Every <see cref="DjangoInteropTests"/> test on PostgreSQL: the table from this app's PostgreSQL migration
/// (<c>expire_date timestamp with time zone</c>), Django on its <c>django.db.backends.postgresql</c> backend (Debian's
/// psycopg2) against the same database: a session written by either app is read by the other.
/// </summary>
public sealed class PostgreSqlDjangoInteropTests(PostgresTestDatabase database)
    : DjangoInteropTests(new SharedSessionDatabase(database)), IClassFixture<PostgresTestDatabase>;
