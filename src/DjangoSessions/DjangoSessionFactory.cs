using DjangoSessions.Lifecycle;
using Microsoft.Extensions.Options;

namespace DjangoSessions;

/// <summary>
/// Opens a session by key outside the HTTP pipeline: from an interactive Blazor circuit (scoped services there live as
/// long as the circuit) or a background job. Such a session can read and save data, but never set a cookie: the key it
/// is opened with must already exist, which is why cookies are only ever issued by HTTP responses.
/// </summary>
public sealed class DjangoSessionFactory(SessionLifecycle lifecycle, IOptions<DjangoSessionSettings> settings, TimeProvider time)
{
    /// <summary>The session named by <paramref name="sessionKey"/>, loaded; an unknown key gives an empty session with no key.</summary>
    public async Task<DjangoSession> OpenAsync(string? sessionKey, CancellationToken cancellationToken = default)
    {
        var session = new DjangoSession(lifecycle, settings.Value, time, sessionKey);
        await session.LoadAsync(cancellationToken);
        return session;
    }
}
