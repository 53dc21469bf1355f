using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DjangoSessions.Catalog;

/// <summary>
/// Where the current request came from, told by the session middleware's lifecycle on its first save or end (and by
/// <see cref="SessionActivityMiddleware"/> for a touch); unknown in a circuit.
/// </summary>
internal sealed class SessionRequestClient
{
    private HttpContext? _request;
    private SessionClientInfo? _client;

    /// <summary>The request's client address and user agent, read when first asked for (most requests never ask).</summary>
    public SessionClientInfo Client => _client ??= _request is null ? SessionClientInfo.Unknown : ClientOf(_request);

    /// <summary>The request this scope serves.</summary>
    public void From(HttpContext request) => (_request, _client) = (request, null);

    private static SessionClientInfo ClientOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }
        return new SessionClientInfo(address?.ToString() ?? "", context.Request.Headers[HeaderNames.UserAgent].ToString());
    }
}
