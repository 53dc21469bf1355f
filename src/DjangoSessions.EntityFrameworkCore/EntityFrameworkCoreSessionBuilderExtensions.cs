using DjangoSessions.Catalog;
using DjangoSessions.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// The engines and services that keep their state in the app's EF Core context: each takes a context type registered
/// with <c>AddDbContextFactory</c> whose model calls the matching <c>ModelBuilder</c> extension, migrations applied.
/// </summary>
public static class EntityFrameworkCoreSessionBuilderExtensions
{
    /// <summary>The <c>db</c> engine: Django's <c>django_session</c> table in <typeparamref name="TContext"/>.</summary>
    public static DjangoSessionBuilder AddDbEngine<TContext>(this DjangoSessionBuilder builder)
        where TContext : DbContext, ISessionDbContext =>
        builder.AddEngine<DbSessionEngine<TContext>>(SessionEngineNames.Db);

    /// <summary>
    /// The <c>cached_db</c> engine: the db engine on <typeparamref name="TContext"/> behind the same cache as the
    /// <c>cache</c> engine (<c>Session:CacheAlias</c>).
    /// </summary>
    public static DjangoSessionBuilder AddCachedDbEngine<TContext>(this DjangoSessionBuilder builder)
        where TContext : DbContext, ISessionDbContext
    {
        CacheEngineRegistration.AddSessionCache(builder.Services);
        builder.Services.TryAddSingleton<DbSessionEngine<TContext>>();
        return builder.AddEngine<CachedDbSessionEngine<TContext>>(SessionEngineNames.CachedDb);
    }

    /// <summary>The <c>signed_cookies</c> engine with its revocation ledger in <typeparamref name="TContext"/>'s <c>revoked_sessions</c>.</summary>
    public static DjangoSessionBuilder AddSignedCookiesEngine<TContext>(this DjangoSessionBuilder builder)
        where TContext : DbContext, ISessionLedgerDbContext =>
        builder.AddSignedCookiesEngineWithLedger<RevocationLedger<TContext>>();

    /// <summary>
    /// The session catalog in <typeparamref name="TContext"/>'s <c>session_catalog</c> table. On SQLite shared by several
    /// processes (<c>Session:MultipleNodes</c>), its events travel between them through an outbox table.
    /// </summary>
    public static DjangoSessionBuilder AddSessionCatalog<TContext>(this DjangoSessionBuilder builder)
        where TContext : DbContext, ISessionCatalogDbContext
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISessionEventTransport, SqliteOutboxEventTransport<TContext>>());
        return builder.AddSessionCatalogWith<EfSessionCatalog<TContext>>();
    }

    /// <summary>
    /// The timed cleanup's lease as a row of <typeparamref name="TContext"/>'s <c>django_session_lease</c>, for every
    /// engine without a lease of its own: nodes sharing the database take turns, so each expired row is deleted once.
    /// </summary>
    public static DjangoSessionBuilder AddDbCleanupLease<TContext>(this DjangoSessionBuilder builder)
        where TContext : DbContext, ISessionLeaseDbContext =>
        builder.AddCleanupLease<DbSessionCleanupLease<TContext>>();
}
