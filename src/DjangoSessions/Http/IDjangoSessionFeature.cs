namespace DjangoSessions.Http;

/// <summary>The request's session, set by <see cref="DjangoSessionMiddleware"/> (Django's <c>request.session</c>).</summary>
public interface IDjangoSessionFeature
{
    /// <summary>The request's session, not loaded yet (see <c>HttpContext.GetDjangoSessionAsync()</c>).</summary>
    DjangoSession Session { get; }
}

internal sealed class DjangoSessionFeature(DjangoSession session) : IDjangoSessionFeature
{
    public DjangoSession Session { get; } = session;

    /// <summary>The pipeline threw: like a 5xx, nothing of this request is saved.</summary>
    public bool RequestFailed { get; set; }

    /// <summary>Saved (and the cookie set) already, when the endpoint returned before the response started.</summary>
    public bool Committed { get; set; }
}
