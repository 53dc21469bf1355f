using DjangoSessions.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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

    /// <summary>
    /// Session events between nodes over PostgreSQL <c>LISTEN</c>/<c>NOTIFY</c>, active when
    /// <typeparamref name="TContext"/> runs on Npgsql and the engine isn't redis (inactive, and free, otherwise: register
    /// it whatever the provider). Registers the dialect too.
    /// </summary>
    public static DjangoSessionBuilder AddPostgreSqlEvents<TContext>(this DjangoSessionBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPostgreSqlDialect();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISessionEventTransport, PostgreSqlSessionEventTransport<TContext>>());
        return builder;
    }
}
