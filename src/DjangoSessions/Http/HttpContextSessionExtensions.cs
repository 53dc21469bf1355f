using Microsoft.AspNetCore.Http;

namespace DjangoSessions.Http;

/// <summary>The request's session (Django's <c>request.session</c>) from an <see cref="HttpContext"/>.</summary>
public static class HttpContextSessionExtensions
{
    /// <summary>
    /// The request's session, loaded (one store round trip the first time, none after, none without a cookie).
    /// Requests that never call this never touch the store.
    /// </summary>
    public static ValueTask<DjangoSession> GetDjangoSessionAsync(this HttpContext context, CancellationToken cancellationToken = default)
    {
        var session = FeatureOf(context)?.Session ?? throw new InvalidOperationException(
            "Django sessions are not active for this request: call app.UseDjangoSessions() and keep Session:Enabled true.");
        // Loaded already (a filter or handler read it first): handed back without a state machine.
        return session.IsLoaded
            ? new(session)
            : LoadedAsync(session, cancellationToken == default ? context.RequestAborted : cancellationToken);
    }

    /// <summary>
    /// The request's session as it is, without loading it (its <see cref="DjangoSession.SessionKey"/> is the cookie's
    /// well-formed key until a load finds nothing); null when sessions are off for this request. Like Django's lazy
    /// <c>request.session</c> before its first access: a check for a cookie costs no store round trip.
    /// </summary>
    public static DjangoSession? FindDjangoSession(this HttpContext context) => FeatureOf(context)?.Session;

    /// <summary>Whether this request has a session at all (false when sessions are switched off).</summary>
    public static bool HasDjangoSession(this HttpContext context) => FeatureOf(context) is not null;

    /// <summary>
    /// The feature through the collection's indexer: <c>Get&lt;T&gt;()</c> is a generic virtual call on an interface,
    /// dispatched through a runtime helper, and Kestrel's generic lookup compares the type at run time in shared
    /// code; this runs several times on every request that uses its session.
    /// </summary>
    internal static IDjangoSessionFeature? FeatureOf(HttpContext context) =>
        context.Features[typeof(IDjangoSessionFeature)] as IDjangoSessionFeature;

    private static async ValueTask<DjangoSession> LoadedAsync(DjangoSession session, CancellationToken cancellationToken)
    {
        await session.LoadAsync(cancellationToken);
        return session;
    }
}
