namespace DjangoSessions.EntityFrameworkCore.PostgreSQL;

/// <summary>Plugs PostgreSQL into the EF Core engines of <see cref="DjangoSessionBuilder"/>.</summary>
public static class PostgreSqlSessionBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="PostgreSqlSessionDbDialect"/>, so a context on Npgsql (<c>UseNpgsql</c>) maps the session
    /// tables as Django's PostgreSQL backend creates them. Idempotent.
    /// </summary>
    public static DjangoSessionBuilder AddPostgreSqlDialect(this DjangoSessionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        SessionDbDialect.Register(new PostgreSqlSessionDbDialect());
        return builder;
    }
}
