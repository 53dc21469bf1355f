using DjangoSessions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DjangoSessions.Catalog;

/// <summary>
/// Runs inside the session middleware: after the request, notes the activity of a session the request used, with
/// where the request came from (IP, User-Agent) - at most once per
/// <see cref="SessionCatalogSettings.ActivityInterval"/> per session, and only for a session that loaded (a key the
/// store doesn't know is never recorded). The connection's address is used as is: behind a proxy, add
/// <c>UseForwardedHeaders</c> before the session middleware.
/// </summary>
internal sealed class SessionActivityMiddleware(
    RequestDelegate next,
    ISessionCatalog catalog,
    SessionIdentity identity,
    SessionActivityThrottle throttle,
    ILogger<SessionActivityMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.FindDjangoSession() is not { IsLoaded: true, SessionKey: { } key })
        {
            return;
        }
        try
        {
            if (identity.StableIdOf(key) is { } sessionId && throttle.ShouldTouch(sessionId))
            {
                // Resolved only for a touch (once per interval per session): a session this request saved told the
                // same scoped client already (SessionLifecycle), and a request that only reads never needs it.
                var client = context.RequestServices.GetRequiredService<SessionRequestClient>();
                client.From(context);
                await catalog.TouchAsync(sessionId, client.Client, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SessionCatalogLog.TouchFailed(logger, ex);
        }
    }
}
