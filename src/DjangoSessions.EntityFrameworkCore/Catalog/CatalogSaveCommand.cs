using DjangoSessions.Catalog;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// The catalog's write for a save of a session it already lists, which is every save but a session's first: one
/// <c>UPDATE session_catalog SET … WHERE session_id = @session_id</c> as an ADO.NET command on the context's connection
/// (as <see cref="LiveSessionDataCommand"/> reads the db engine's row). A tracked read, a change-tracker diff and
/// <c>SaveChanges</c> cost several times the statement itself on a request that writes its session each time. The SQL
/// text and the parameters' type mappings come from the context's model once, so the column names, the provider's
/// quoting and the date conversion are the ones EF uses for the rest of the table.
/// </summary>
internal sealed class CatalogSaveCommand
{
    private static readonly string[] Moving = [nameof(SessionCatalogRow.ExpireDate), nameof(SessionCatalogRow.LastActivity)];

    private static readonly string[] Identity =
        [nameof(SessionCatalogRow.SessionKey), nameof(SessionCatalogRow.UserId), nameof(SessionCatalogRow.UserName)];

    private static readonly string[] Client =
        [nameof(SessionCatalogRow.IpAddress), nameof(SessionCatalogRow.UserAgent), nameof(SessionCatalogRow.Device)];

    private readonly Dictionary<string, (string Name, RelationalTypeMapping Mapping)> _parameters;
    private readonly Statements _withClient;
    private readonly Statements _withoutClient;

    /// <summary>
    /// <c>Moves</c>: only the expiry and the activity, where everything else is as the entry has it (a save that changed
    /// neither user, key nor client: most saves). <c>Full</c>: every column. A database updates an index only when its
    /// columns are assigned, and the user, name, address and device columns are indexed, so the first statement spares
    /// four index updates; when it matches no row, the second writes what changed.
    /// </summary>
    private sealed record Statements(string Moves, string Full);

    private CatalogSaveCommand(Dictionary<string, (string, RelationalTypeMapping)> parameters, Statements withClient, Statements withoutClient)
    {
        (_parameters, _withClient, _withoutClient) = (parameters, withClient, withoutClient);
    }

    /// <summary>The command for <paramref name="db"/>'s model (one per catalog: every context of a factory shares the model).</summary>
    public static CatalogSaveCommand For(DbContext db)
    {
        var row = db.Model.FindEntityType(typeof(SessionCatalogRow))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map {nameof(SessionCatalogRow)} (call modelBuilder.AddSessionCatalog).");
        var table = StoreObjectIdentifier.Table(row.GetTableName()!, row.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var parameters = new Dictionary<string, (string, RelationalTypeMapping)>(StringComparer.Ordinal);
        string Equals(string property)
        {
            var column = row.FindProperty(property)!;
            var name = column.GetColumnName(table)!;
            parameters[property] = (sql.GenerateParameterName(name), column.GetRelationalTypeMapping());
            return $"{sql.DelimitIdentifier(name)} = {sql.GenerateParameterNamePlaceholder(name)}";
        }
        string List(IEnumerable<string> properties, string separator) => string.Join(separator, properties.Select(Equals));
        var update = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET ";
        var session = $" WHERE {Equals(nameof(SessionCatalogRow.SessionId))}";
        var moves = update + List(Moving, ", ") + session + " AND " + List(Identity, " AND ");
        // The device is read from the user agent: the same agent, the same device.
        var sameClient = " AND " + List(Client.SkipLast(1), " AND ");
        return new CatalogSaveCommand(parameters,
            new Statements(moves + sameClient, update + List([.. Moving, .. Identity, .. Client], ", ") + session),
            new Statements(moves, update + List([.. Moving, .. Identity], ", ") + session));
    }

    /// <summary>
    /// Writes the save to the session's entry and returns true, or returns false when the catalog has no entry for it
    /// (a first save, or one whose entry was ended or swept): the caller decides whether to add one.
    /// <paramref name="client"/> null leaves the entry's client as it was (a save outside a request, from a circuit).
    /// </summary>
    public async Task<bool> UpdateAsync(DbContext db, SessionSaveRecord record, string userId, string userName, DateTime now,
        (string IpAddress, string UserAgent, string Device)? client, CancellationToken cancellationToken)
    {
        var statements = client is null ? _withoutClient : _withClient;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            Add(command, nameof(SessionCatalogRow.ExpireDate), record.ExpireDate.UtcDateTime);
            Add(command, nameof(SessionCatalogRow.LastActivity), now);
            Add(command, nameof(SessionCatalogRow.SessionKey), record.SessionKey);
            Add(command, nameof(SessionCatalogRow.UserId), userId);
            Add(command, nameof(SessionCatalogRow.UserName), userName);
            if (client is { } known)
            {
                Add(command, nameof(SessionCatalogRow.IpAddress), known.IpAddress);
                Add(command, nameof(SessionCatalogRow.UserAgent), known.UserAgent);
                Add(command, nameof(SessionCatalogRow.Device), known.Device);
            }
            Add(command, nameof(SessionCatalogRow.SessionId), record.SessionId);
            using (await SessionDbWriteGate.EnterAsync(db, cancellationToken))
            {
                command.CommandText = statements.Moves;
                if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
                {
                    return true;
                }
                command.CommandText = statements.Full;
                return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private void Add(DbCommand command, string property, object value)
    {
        var (name, mapping) = _parameters[property];
        command.Parameters.Add(mapping.CreateParameter(command, name, value, nullable: false));
    }
}
