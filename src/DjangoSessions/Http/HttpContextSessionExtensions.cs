using Microsoft.AspNetCore.Http;

namespace DjangoSessions.Http;

/// <summary>The request's session (Django's <c>request.session</c>) from an <see cref="HttpContext"/>.</summary>
public static class HttpContextSessionExtensions
{
    /// <summary>
    /// The request's session, loaded (one store round trip the first time, none after, none without a cookie).
    /// Requests that never call this never touch the store.
    /// </summary>
    public static async ValueTask<DjangoSession> GetDjangoSessionAsync(this HttpContext context, CancellationToken cancellationToken = default)
    {
        var session = context.Features.Get<IDjangoSessionFeature>()?.Session ?? throw new InvalidOperationException(
            "Django sessions are not active for this request: call app.UseDjangoSessions() and keep Session:Enabled true.");
        if (!session.IsLoaded)
        {
            await session.LoadAsync(cancellationToken == default ? context.RequestAborted : cancellationToken);
        }
        return session;
    }

    /// <summary>Whether this request has a session at all (false when sessions are switched off).</summary>
    public static bool HasDjangoSession(this HttpContext context) => context.Features.Get<IDjangoSessionFeature>() is not null;
}
