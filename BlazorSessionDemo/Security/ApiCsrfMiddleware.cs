using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Security;

/// <summary>
/// Django's CSRF origin rule for the JSON API (<c>CsrfViewMiddleware</c>, Django 4.0+), plus the browser's own word
/// (Fetch Metadata): a state-changing request under <c>/api</c> (any method but GET, HEAD, OPTIONS, TRACE - Django's
/// safe methods) is refused with 403 when
/// <list type="bullet">
/// <item>its <c>Origin</c> is present and is neither this site's origin (scheme, host and port as the request sees
/// them) nor a <c>Csrf:TrustedOrigins</c> entry - <c>Origin: null</c> (a sandboxed frame, a data: URL) included;</item>
/// <item>its <c>Sec-Fetch-Site</c> says <c>cross-site</c> or <c>same-site</c> and its origin isn't trusted.</item>
/// </list>
/// A request with neither header is not a browser's (curl, scripts): it is let through, as Django lets a plain-HTTP
/// request without Origin through. The check runs before the session is read, so a refused request changes nothing.
/// </summary>
/// <remarks>
/// Why: the API's cookie is the only credential, and a page elsewhere can make the browser send it with a "simple"
/// request (<c>text/plain</c>, no preflight), e.g. <c>fetch(".../api/logout", {method: "POST", mode: "no-cors",
/// credentials: "include"})</c>. The answer is JSON <c>{"error": "CSRF verification failed: ..."}</c> (Django's 403
/// title) naming the rule, never echoing the header.
/// </remarks>
public sealed class ApiCsrfMiddleware(RequestDelegate next, IOptions<CsrfSettings> settings, ILogger<ApiCsrfMiddleware> logger)
{
    private readonly WebOrigin[] _trusted = [.. settings.Value.TrustedOrigins.Select(entry =>
        WebOrigin.TryParse(entry, allowWildcard: true, out var origin) ? origin : throw new InvalidOperationException(entry))];

    // Not async on the way through: a request that passes pays no state machine.
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        return !request.Path.StartsWithSegments("/api") || IsSafe(request.Method) || Refusal(request) is not { } reason
            ? next(context)
            : RefuseAsync(context, reason);
    }

    private async Task RefuseAsync(HttpContext context, string reason)
    {
        var request = context.Request;
        CsrfLog.Refused(logger, request.Method, request.Path.Value ?? "", reason);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(new { error = "CSRF verification failed: " + reason });
    }

    /// <summary>Django: <c>request.method in ("GET", "HEAD", "OPTIONS", "TRACE")</c> needs no CSRF check.</summary>
    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    /// <summary>Why the request is refused, or null when it may go on.</summary>
    private string? Refusal(HttpRequest request)
    {
        var originHeader = request.Headers.Origin;
        WebOrigin? origin = null;
        var trusted = false;
        if (originHeader.Count > 1)
        {
            return "more than one Origin header.";
        }
        if (originHeader.Count == 1)
        {
            if (originHeader[0] == "null")
            {
                return "the request comes from an opaque origin (Origin: null).";
            }
            if (!WebOrigin.TryParse(originHeader[0], allowWildcard: false, out origin))
            {
                return "the Origin header is not a valid origin.";
            }
            trusted = _trusted.Any(entry => entry.Admits(origin));
            if (!trusted && origin != WebOrigin.Of(request))
            {
                return "Origin checking failed - the request's origin is neither this site nor a trusted origin.";
            }
        }
        return request.Headers["Sec-Fetch-Site"].ToString() switch
        {
            "" or "same-origin" or "none" => null,
            "same-site" or "cross-site" when trusted => null,
            "same-site" or "cross-site" => "the browser marked this request as coming from another site (Sec-Fetch-Site) and its origin is not trusted.",
            _ => "unrecognised Sec-Fetch-Site header.",
        };
    }
}

internal static partial class CsrfLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "CSRF verification failed for {Method} {Path}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string path, string reason);
}
