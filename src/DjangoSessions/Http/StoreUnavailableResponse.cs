using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace DjangoSessions.Http;

/// <summary>
/// The 503 a request gets while the session store is down. The status, <c>Retry-After</c>, <c>Cache-Control: no-store</c>
/// and the absence of any cookie are fixed here; the body is the app's when it registers an
/// <see cref="ISessionStoreUnavailableWriter"/> (a page in its own layout, JSON for its API), else JSON for clients that
/// ask for it and a short page for the rest.
/// </summary>
internal static class StoreUnavailableResponse
{
    public const string Message = "The session store is temporarily unavailable. Please try again in a moment.";

    public static Task WriteAsync(HttpContext context, SessionStoreUnavailableException error)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers[HeaderNames.RetryAfter] = "5";
        response.Headers[HeaderNames.CacheControl] = "no-store";
        if (context.RequestServices.GetService<ISessionStoreUnavailableWriter>() is { } writer)
        {
            return writer.WriteAsync(context, error);
        }
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return response.WriteAsJsonAsync(new { error = Message });
        }
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Service unavailable</title></head>" +
            $"<body><h1>Service unavailable</h1><p>{Message}</p></body></html>");
    }
}
