using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// The db engine's write of an existing session, as one ADO.NET command on the context's connection:
/// <c>UPDATE django_session SET session_data = @data, expire_date = @expire WHERE session_key = @key</c> (Django's
/// <c>save(force_update=True)</c>), with <c>AND session_data = @expected</c> for the compare-and-swap save. What
/// <see cref="LiveSessionDataCommand"/> is to the read: no EF query pipeline per call (<c>ExecuteUpdateAsync</c> builds
/// and looks up its expression tree on every save); the SQL text and the parameters' type mappings come from the
/// context's model once, so names, quoting and the date conversion are EF's own.
/// </summary>
internal sealed class SessionRowUpdateCommand
{
    private const string Key = "session_key", Data = "session_data", Expire = "expire_date", Expected = "expected";
    private readonly string _update;
    private readonly string _swap;
    private readonly Dictionary<string, (string Name, RelationalTypeMapping Mapping)> _parameters;

    private SessionRowUpdateCommand(string update, string swap, Dictionary<string, (string, RelationalTypeMapping)> parameters)
    {
        (_update, _swap, _parameters) = (update, swap, parameters);
    }

    /// <summary>The command for <paramref name="db"/>'s model (one per engine: every context of a factory shares the model).</summary>
    public static SessionRowUpdateCommand For(DbContext db)
    {
        var row = db.Model.FindEntityType(typeof(DjangoSessionRow))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map {nameof(DjangoSessionRow)} (call modelBuilder.AddDjangoSessions).");
        var table = StoreObjectIdentifier.Table(row.GetTableName()!, row.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var parameters = new Dictionary<string, (string, RelationalTypeMapping)>(StringComparer.Ordinal);
        string Column(string property, string parameter)
        {
            var column = row.FindProperty(property)!;
            parameters[parameter] = (sql.GenerateParameterName(parameter), column.GetRelationalTypeMapping());
            return sql.DelimitIdentifier(column.GetColumnName(table)!);
        }
        var data = Column(nameof(DjangoSessionRow.SessionData), Data);
        var expire = Column(nameof(DjangoSessionRow.ExpireDate), Expire);
        var key = Column(nameof(DjangoSessionRow.SessionKey), Key);
        Column(nameof(DjangoSessionRow.SessionData), Expected);
        string Placeholder(string parameter) => sql.GenerateParameterNamePlaceholder(parameter);
        var update = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {data} = {Placeholder(Data)}, " +
            $"{expire} = {Placeholder(Expire)} WHERE {key} = {Placeholder(Key)}";
        return new SessionRowUpdateCommand(update, $"{update} AND {data} = {Placeholder(Expected)}", parameters);
    }

    /// <summary>
    /// Writes the row of <paramref name="sessionKey"/> (only if its data is still <paramref name="expectedData"/>, when
    /// given) and returns how many rows changed: 0 or 1.
    /// </summary>
    public async Task<int> ExecuteAsync(DbContext db, string sessionKey, string data, DateTime expireDate, string? expectedData,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = expectedData is null ? _update : _swap;
            Add(command, Data, data);
            Add(command, Expire, expireDate);
            Add(command, Key, sessionKey);
            if (expectedData is not null)
            {
                Add(command, Expected, expectedData);
            }
            using (await SessionDbWriteGate.EnterAsync(db, cancellationToken))
            {
                return await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private void Add(DbCommand command, string parameter, object value)
    {
        var (name, mapping) = _parameters[parameter];
        command.Parameters.Add(mapping.CreateParameter(command, name, value, nullable: false));
    }
}
