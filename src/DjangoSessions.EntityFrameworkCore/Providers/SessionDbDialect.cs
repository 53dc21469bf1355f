using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// The provider seam: what the session tables need to know about one database (its date columns, which errors mean
/// "key already taken" and "store unavailable"). Engines and models ask this instead of a provider's own types, so a
/// new database is one dialect, registered with <see cref="Register"/>, and no change to any engine.
/// </summary>
public abstract class SessionDbDialect
{
    private static readonly Lock s_registering = new();
    private static volatile SessionDbDialect[] s_dialects = [new SqliteSessionDbDialect()];

    /// <summary>The EF Core provider this dialect is for, as <c>DatabaseFacade.ProviderName</c> reports it.</summary>
    public abstract string ProviderName { get; }

    /// <summary>Maps a UTC <see cref="DateTime"/> column the way Django's backend for this database stores it.</summary>
    public abstract void ConfigureDateTime(PropertyBuilder<DateTime> property);

    /// <summary>True for a unique or primary-key violation (Django's IntegrityError, which becomes CreateError).</summary>
    public abstract bool IsDuplicateKey(Exception exception);

    /// <summary>True when the database is locked, read-only, full or unreachable: a 503, not a crash.</summary>
    public abstract bool IsUnavailable(Exception exception);

    /// <summary>
    /// True for a database that lets one connection write at a time (SQLite): the session stores then queue their writes
    /// to it in process, asynchronously, instead of meeting at the database's lock. False (the default) for a server
    /// database, whose row locks let writes to different rows proceed together.
    /// </summary>
    public virtual bool HasSingleWriter => false;

    /// <summary>
    /// Deletes one batch of at most <paramref name="batch"/> rows of <typeparamref name="TRow"/> whose
    /// <paramref name="expireDate"/> is before <paramref name="now"/>, and returns how many went. The default is one
    /// <c>DELETE</c> of the oldest rows (SQLite has one writer at a time anyway); a server database overrides it so that
    /// two cleanups running at once take different rows instead of waiting for each other.
    /// </summary>
    public virtual Task<int> DeleteExpiredBatchAsync<TRow>(DbContext context, Expression<Func<TRow, DateTime>> expireDate,
        DateTime now, int batch, CancellationToken cancellationToken)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(expireDate);
        // "now" through a closure, so EF sends it as a parameter (one cached query plan), not as a literal.
        Expression<Func<DateTime>> cutoff = () => now;
        var expired = Expression.Lambda<Func<TRow, bool>>(Expression.LessThan(expireDate.Body, cutoff.Body), expireDate.Parameters);
        return context.Set<TRow>().Where(expired).OrderBy(expireDate).Take(batch).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The dialect for an EF Core provider name (<c>Database.ProviderName</c> in a context's model code).</summary>
    /// <exception cref="NotSupportedException">No dialect is registered for <paramref name="providerName"/>.</exception>
    public static SessionDbDialect For(string? providerName) =>
        Array.Find(s_dialects, d => d.ProviderName == providerName)
        ?? throw new NotSupportedException(
            $"No session dialect for the EF Core provider '{providerName}'. Known: {string.Join(", ", s_dialects.Select(d => d.ProviderName))}. " +
            $"Register one with {nameof(SessionDbDialect)}.{nameof(Register)}.");

    /// <summary>Adds (or replaces) the dialect for its provider; call before the first context is built.</summary>
    public static void Register(SessionDbDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        lock (s_registering)
        {
            s_dialects = [.. s_dialects.Where(d => d.ProviderName != dialect.ProviderName), dialect];
        }
    }

    // Faults are classified by every dialect: an operation can fail before any context (and so any provider name)
    // exists, and one provider's exception types never appear under another.

    /// <summary>
    /// True when a registered dialect reads <paramref name="exception"/> (or its inner exception, as EF Core wraps it)
    /// as a unique or primary-key violation. For an app's own tables in the same database.
    /// </summary>
    public static bool AnyIsDuplicateKey(Exception exception) =>
        Array.Exists(s_dialects, d => d.IsDuplicateKey(exception) || exception.InnerException is { } inner && d.IsDuplicateKey(inner));

    /// <summary>
    /// True when a registered dialect reads <paramref name="exception"/> (or its inner exception) as the database being
    /// locked, read-only, full or unreachable. For an app's own tables in the same database.
    /// </summary>
    public static bool AnyIsUnavailable(Exception exception) =>
        Array.Exists(s_dialects, d => d.IsUnavailable(exception) || exception.InnerException is { } inner && d.IsUnavailable(inner));
}
