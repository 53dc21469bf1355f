using Microsoft.AspNetCore.Http;

namespace DjangoSessions.Http;

/// <summary>
/// Writes the body of the 503 answered while the session store is down, so the app can say it in its own words and
/// layout (Django leaves this to the project's 500 handler). Register one in DI; without one the middleware writes
/// JSON for clients that ask for it and a short page otherwise.
/// </summary>
/// <remarks>
/// Called with the status (503), <c>Retry-After</c> and <c>Cache-Control: no-store</c> already set and no
/// <c>Set-Cookie</c>. Don't touch the session here (its store is the part that failed), and say nothing of the
/// exception's inner message: it can carry connection details.
/// </remarks>
public interface ISessionStoreUnavailableWriter
{
    /// <summary>Writes the body (and its content type) of the 503 for <paramref name="context"/>.</summary>
    Task WriteAsync(HttpContext context, SessionStoreUnavailableException error);
}
