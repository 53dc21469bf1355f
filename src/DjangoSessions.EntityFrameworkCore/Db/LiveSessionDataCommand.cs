using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// The read of every request that loads a db-engine session, as one ADO.NET command:
/// <c>SELECT session_data FROM django_session WHERE session_key = @key AND expire_date > @now</c> (Django's
/// <c>SessionStore._get_session_from_db</c>). No EF query pipeline per call (a compiled query still builds a query
/// context, a relational command and a shaper each time): the SQL text and the parameters' type mappings come from the
/// context's model once, so the table and column names, the provider's quoting and the date conversion of the mapped
/// <c>expire_date</c> are the ones EF would use. It runs on a <see cref="LiveSessionReaders{TContext}"/> reader, whose
/// connection stays open with the statement prepared.
/// </summary>
internal sealed class LiveSessionDataCommand
{
    private readonly string _sql;
    private readonly string _keyName;
    private readonly string _nowName;
    private readonly RelationalTypeMapping _keyMapping;
    private readonly RelationalTypeMapping _nowMapping;

    private LiveSessionDataCommand(string sql, string keyName, string nowName, RelationalTypeMapping keyMapping, RelationalTypeMapping nowMapping)
    {
        (_sql, _keyName, _nowName, _keyMapping, _nowMapping) = (sql, keyName, nowName, keyMapping, nowMapping);
    }

    /// <summary>The command for <paramref name="db"/>'s model (one per engine: every context of a factory shares the model).</summary>
    public static LiveSessionDataCommand For(DbContext db) =>
        For<DjangoSessionRow>(db, nameof(DjangoSessionRow.SessionData), nameof(DjangoSessionRow.SessionKey), nameof(DjangoSessionRow.ExpireDate),
            "call modelBuilder.AddDjangoSessions");

    /// <summary>
    /// The same read of another live row: <c>SELECT selected FROM table-of-TRow WHERE key = @key AND expire > @now</c>,
    /// as <typeparamref name="TRow"/> is mapped in <paramref name="db"/>'s model (the signed_cookies ledger's revocations).
    /// </summary>
    public static LiveSessionDataCommand For<TRow>(DbContext db, string selected, string key, string expire, string mappedBy)
    {
        var row = db.Model.FindEntityType(typeof(TRow))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map {typeof(TRow).Name} ({mappedBy}).");
        var table = StoreObjectIdentifier.Table(row.GetTableName()!, row.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string name) => sql.DelimitIdentifier(row.FindProperty(name)!.GetColumnName(table)!);
        RelationalTypeMapping Mapping(string name) => row.FindProperty(name)!.GetRelationalTypeMapping();
        const string keyParameter = "key", nowParameter = "now";
        var text = $"SELECT {Column(selected)} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} " +
            $"WHERE {Column(key)} = {sql.GenerateParameterNamePlaceholder(keyParameter)} " +
            $"AND {Column(expire)} > {sql.GenerateParameterNamePlaceholder(nowParameter)}";
        return new LiveSessionDataCommand(text, sql.GenerateParameterName(keyParameter), sql.GenerateParameterName(nowParameter),
            Mapping(key), Mapping(expire));
    }

    /// <summary>
    /// The command on <paramref name="connection"/> (open), prepared: the provider keeps the compiled statement with the
    /// command (Microsoft.Data.Sqlite) or the connection (Npgsql), so later reads skip the parse and plan.
    /// </summary>
    public async Task<DbCommand> PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        try
        {
            command.CommandText = _sql;
            Bind(command, "", DateTime.UnixEpoch);
            await command.PrepareAsync(cancellationToken);
            return command;
        }
        catch
        {
            await command.DisposeAsync();
            throw;
        }
    }

    /// <summary>The stored data of the live session <paramref name="sessionKey"/>, or null (unknown or expired).</summary>
    public async Task<string?> ReadAsync(DbCommand prepared, string sessionKey, DateTime now, CancellationToken cancellationToken)
    {
        Bind(prepared, sessionKey, now);
        await using DbDataReader reader = await prepared.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !await reader.IsDBNullAsync(0, cancellationToken)
            ? reader.GetString(0)
            : null;
    }

    // Made once with EF's mappings (name, DbType, size), then only given new values, converted as the mapping's
    // CreateParameter converts them (the SQLite provider stores a DateTime as text): a prepared statement's parameters
    // must stay the same objects (Npgsql re-reads them, it doesn't re-bind new ones).
    private void Bind(DbCommand command, string sessionKey, DateTime now)
    {
        if (command.Parameters.Count == 0)
        {
            command.Parameters.Add(_keyMapping.CreateParameter(command, _keyName, sessionKey, nullable: false));
            command.Parameters.Add(_nowMapping.CreateParameter(command, _nowName, now, nullable: false));
            return;
        }
        command.Parameters[0].Value = ToProvider(_keyMapping, sessionKey);
        command.Parameters[1].Value = ToProvider(_nowMapping, now);
    }

    private static object ToProvider(RelationalTypeMapping mapping, object value) =>
        mapping.Converter is { } converter ? converter.ConvertToProvider(value) ?? DBNull.Value : value;
}
