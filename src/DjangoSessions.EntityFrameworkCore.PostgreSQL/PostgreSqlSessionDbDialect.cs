using System.IO;
using System.Linq.Expressions;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace DjangoSessions.EntityFrameworkCore.PostgreSQL;

/// <summary>
/// PostgreSQL through Npgsql, as Django's <c>postgresql</c> backend uses it: dates as <c>timestamp with time zone</c>,
/// SQLSTATE codes for faults, and expired rows deleted in batches that skip each other's locked rows. Register it once
/// with <see cref="SessionDbDialect.Register"/> (or <see cref="PostgreSqlSessionBuilderExtensions.AddPostgreSqlDialect"/>)
/// before the first context is built.
/// </summary>
public sealed class PostgreSqlSessionDbDialect : SessionDbDialect
{
    private const string UniqueViolation = "23505";

    // Django stores an aware UTC datetime in timestamptz; Npgsql writes only UTC DateTimes there. A value with no kind
    // is taken as UTC (every date the framework writes is UTC), a local one is converted.
    private static readonly ValueConverter<DateTime, DateTime> s_utc = new(
        value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>Npgsql's EF Core provider, as <c>DatabaseFacade.ProviderName</c> reports it.</summary>
    internal const string Provider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <inheritdoc/>
    public override string ProviderName => Provider;

    /// <summary>Django's PostgreSQL column for a <c>DateTimeField</c> under USE_TZ: <c>timestamp with time zone</c>.</summary>
    public override void ConfigureDateTime(PropertyBuilder<DateTime> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        property.HasColumnType("timestamp with time zone").HasConversion(s_utc);
    }

    /// <summary>SQLSTATE 23505 (unique_violation): Django's IntegrityError on a taken session key.</summary>
    public override bool IsDuplicateKey(Exception exception) => exception is PostgresException { SqlState: UniqueViolation };

    /// <summary>
    /// The server going away or refusing work: admin/crash shutdown and "starting up" (57P01, 57P02, 57P03), a read-only
    /// transaction (25006: a standby or <c>default_transaction_read_only</c>), insufficient resources (53xxx: disk full,
    /// out of memory, too many connections), a broken connection (08xxx), and on the client side a refused or reset
    /// socket, an I/O failure or a timeout (connect, command, or the pool running dry).
    /// </summary>
    public override bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03" or "25006"
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.InnerException is SocketException or IOException or TimeoutException
            || npgsql.IsTransient,
        _ => false,
    };

    /// <summary>
    /// <c>DELETE ... WHERE key IN (SELECT key ... WHERE expire &lt; now LIMIT n FOR UPDATE SKIP LOCKED)</c>: a row another
    /// cleanup is deleting right now is skipped, not waited for, so cleanups on several nodes (or the timer and
    /// <c>clearsessions</c>) share the work without blocking each other, and each row is deleted exactly once.
    /// </summary>
    public override Task<int> DeleteExpiredBatchAsync<TRow>(DbContext context, Expression<Func<TRow, DateTime>> expireDate,
        DateTime now, int batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(expireDate);
        var entity = context.Model.FindEntityType(typeof(TRow))
            ?? throw new InvalidOperationException($"{typeof(TRow).Name} is not in the model of {context.GetType().Name}.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey()?.Properties is [var single]
            ? single.GetColumnName(table)!
            : throw new InvalidOperationException($"{typeof(TRow).Name} needs a single-column primary key for batched cleanup.");
        var member = (expireDate.Body as MemberExpression)?.Member.Name
            ?? throw new ArgumentException("Expected a property access such as r => r.ExpireDate.", nameof(expireDate));
        var expiry = entity.FindProperty(member)?.GetColumnName(table)
            ?? throw new ArgumentException($"{typeof(TRow).Name}.{member} is not a mapped column.", nameof(expireDate));

        var sql = context.GetService<ISqlGenerationHelper>();
        var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
        var keyColumn = sql.DelimitIdentifier(key);
        var expiryColumn = sql.DelimitIdentifier(expiry);
        // Identifiers come from the EF model (delimited), never from input; the values are parameters.
        var delete = $"DELETE FROM {tableName} WHERE {keyColumn} IN (SELECT {keyColumn} FROM {tableName} WHERE {expiryColumn} < @now " +
            "LIMIT @batch FOR UPDATE SKIP LOCKED)";
#pragma warning disable EF1003 // no input in the text: model identifiers only
        return context.Database.ExecuteSqlRawAsync(delete,
            [new NpgsqlParameter("now", DateTime.SpecifyKind(now, DateTimeKind.Utc)), new NpgsqlParameter("batch", batch)],
            cancellationToken);
#pragma warning restore EF1003
    }
}
