using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DjangoSessions.Catalog;

/// <summary>
/// Wraps the configured engine (per request or circuit scope) and records in the catalog what each primitive did:
/// a create or save updates the entry, a delete removes it and announces the end. The engine's work comes first and
/// decides the outcome; the catalog is bookkeeping, so its failures are logged and never fail the request.
/// </summary>
internal class CatalogingSessionEngine(
    ISessionEngine inner,
    string engineName,
    ISessionCatalog catalog,
    SessionActivityThrottle throttle,
    SessionRequestClient client,
    SessionCatalogSettings settings,
    ILogger logger) : ISessionEngine
{
    // The session created by this scope (a login's cycle_key creates the new key before deleting the old one).
    private string? _createdInScope;

    protected ISessionEngine Inner => inner;

    public Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        inner.LoadAsync(sessionKey, cancellationToken);

    public Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        inner.ExistsAsync(sessionKey, cancellationToken);

    public async Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken = default)
    {
        var storedKey = await inner.SaveAsync(sessionKey, data, expireDate, mustCreate, cancellationToken);
        try
        {
            // A create's key is the new session's id (signed_cookies included); an update's id comes from the key.
            var sessionId = mustCreate ? sessionKey : StableIdOf(storedKey);
            if (sessionId is not null)
            {
                await catalog.RecordSaveAsync(new SessionSaveRecord(sessionId, storedKey, engineName, UserIdOf(data),
                    expireDate, mustCreate, client.Client), CancellationToken.None);
                throttle.Recorded(sessionId);
                if (mustCreate)
                {
                    _createdInScope = sessionId;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SessionCatalogLog.RecordSaveFailed(logger, ex);
        }
        return storedKey;
    }

    public async Task DeleteAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        var sessionId = StableIdOf(sessionKey);
        await inner.DeleteAsync(sessionKey, cancellationToken);
        if (sessionId is null)
        {
            return;
        }
        var reason = _createdInScope is not null && _createdInScope != sessionId ? SessionEndReason.Replaced : SessionEndReason.Deleted;
        await RemoveFromCatalogAsync(sessionId, reason);
    }

    public async Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ClearExpiredAsync(cancellationToken);
        }
        finally
        {
            // Even an engine that can't list (NotSupportedException) has its expired catalog entries cleared.
            try
            {
                await catalog.RemoveExpiredAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SessionCatalogLog.SweepFailed(logger, ex);
            }
        }
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    public bool IsWellFormedKey(string? sessionKey) => inner.IsWellFormedKey(sessionKey);

    private async Task RemoveFromCatalogAsync(string sessionId, SessionEndReason reason)
    {
        throttle.Forget(sessionId);
        try
        {
            await catalog.RemoveAsync(sessionId, reason, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SessionCatalogLog.RemoveFailed(logger, ex);
        }
    }

    private string? StableIdOf(string sessionKey) => inner is ISessionStableId stable ? stable.StableIdOf(sessionKey) : sessionKey;

    /// <summary>The user id as text: a JSON number or string under <see cref="SessionCatalogSettings.UserIdKey"/>.</summary>
    private string? UserIdOf(JsonObject data) => data.TryGetPropertyValue(settings.UserIdKey, out var node) && node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.String => value.GetValue<string>() is { Length: > 0 and <= 64 } text ? text : null,
            _ => null,
        }
        : null;
}

/// <summary>The same, for engines that can show their stored records (the session playground looks for the interface).</summary>
internal sealed class CatalogingRecordReaderSessionEngine(
    ISessionEngine inner,
    string engineName,
    ISessionCatalog catalog,
    SessionActivityThrottle throttle,
    SessionRequestClient client,
    SessionCatalogSettings settings,
    ILogger logger)
    : CatalogingSessionEngine(inner, engineName, catalog, throttle, client, settings, logger), ISessionRecordReader
{
    public Task<StoredSessionRecord?> ReadRawAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        ((ISessionRecordReader)Inner).ReadRawAsync(sessionKey, cancellationToken);
}

/// <summary>Where the current request came from, set by <see cref="SessionActivityMiddleware"/>; unknown in a circuit.</summary>
internal sealed class SessionRequestClient
{
    public SessionClientInfo Client { get; set; } = SessionClientInfo.Unknown;
}
