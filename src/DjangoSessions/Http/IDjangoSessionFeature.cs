using Microsoft.AspNetCore.Http;

namespace DjangoSessions.Http;

/// <summary>The request's session, set by <see cref="DjangoSessionMiddleware"/> (Django's <c>request.session</c>).</summary>
public interface IDjangoSessionFeature
{
    /// <summary>The request's session, not loaded yet (see <c>HttpContext.GetDjangoSessionAsync()</c>).</summary>
    DjangoSession Session { get; }
}

internal sealed class DjangoSessionFeature(DjangoSession session, HttpContext context, bool hadCookie) : IDjangoSessionFeature
{
    public DjangoSession Session { get; } = session;

    /// <summary>The request the session belongs to (the state of the commit when the response starts).</summary>
    public HttpContext Context { get; } = context;

    /// <summary>The request sent a session cookie: an emptied session deletes it.</summary>
    public bool HadCookie { get; } = hadCookie;

    /// <summary>The pipeline threw: like a 5xx, nothing of this request is saved.</summary>
    public bool RequestFailed { get; set; }

    /// <summary>Saved (and the cookie set) already, when the endpoint returned before the response started.</summary>
    public bool Committed { get; set; }
}
