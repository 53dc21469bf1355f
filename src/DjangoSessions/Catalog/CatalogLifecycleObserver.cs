using System.Text.Json;
using System.Text.Json.Nodes;
using DjangoSessions.Lifecycle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Catalog;

/// <summary>
/// Keeps the catalog in step with the lifecycle: a save records the entry (user, client, expiry), an end removes it and
/// announces the end with its reason, clearsessions drops the expired entries. The engine's work came first and decided
/// the outcome; the catalog is bookkeeping, so its failures are logged and never fail the request. A save that changes
/// only expiry and activity may be written a little later (<see cref="CatalogSaveDeferral"/>).
/// </summary>
internal sealed class CatalogLifecycleObserver(
    ISessionCatalog catalog,
    SessionActivityThrottle throttle,
    CatalogSaveDeferral deferral,
    SessionRequestClient client,
    IOptions<DjangoSessionSettings> sessionSettings,
    IOptions<SessionCatalogSettings> catalogSettings,
    ILogger<CatalogLifecycleObserver> logger) : ISessionLifecycleObserver
{
    public async Task OnSavedAsync(SessionSaved saved, CancellationToken cancellationToken)
    {
        try
        {
            var userId = UserIdOf(saved.Data);
            var record = new SessionSaveRecord(saved.SessionId, saved.StoredKey, sessionSettings.Value.Engine, userId,
                saved.ExpireDate, saved.Created, client.Client, userId is null ? null : UserNameOf(saved.Data));
            // A save that only rolls expiry and activity forward waits (CatalogSaveDeferral); anything else is written now.
            if (!deferral.TryDefer(record))
            {
                await deferral.WriteAsync(catalog, record, cancellationToken);
            }
            throttle.Recorded(saved.SessionId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SessionCatalogLog.RecordSaveFailed(logger, ex);
        }
    }

    public async Task OnEndedAsync(SessionEnded ended, CancellationToken cancellationToken)
    {
        throttle.Forget(ended.SessionId);
        deferral.Forget(ended.SessionId);
        try
        {
            await catalog.RemoveAsync(ended.SessionId, ended.Reason, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SessionCatalogLog.RemoveFailed(logger, ex);
        }
    }

    public async Task<int> OnClearExpiredAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await catalog.RemoveExpiredAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SessionCatalogLog.SweepFailed(logger, ex);
            return 0;
        }
    }

    /// <summary>The user id as text: a JSON number or string under <see cref="SessionCatalogSettings.UserIdKey"/>.</summary>
    private string? UserIdOf(JsonObject data) => data.TryGetPropertyValue(catalogSettings.Value.UserIdKey, out var node) && node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.String => value.GetValue<string>() is { Length: > 0 and <= 64 } text ? text : null,
            _ => null,
        }
        : null;

    /// <summary>The user's name under <see cref="SessionCatalogSettings.UserNameKey"/>, when one is configured and is a short string.</summary>
    private string? UserNameOf(JsonObject data) => catalogSettings.Value.UserNameKey is { } key
        && data.TryGetPropertyValue(key, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
        && value.GetValue<string>() is { Length: > 0 and <= 150 } name ? name : null;
}
