using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DjangoSessions.Http;

/// <summary>The 503 a request gets while the session store is down: JSON for API clients, a short page for browsers.</summary>
internal static class StoreUnavailableResponse
{
    public const string Message = "The session store is temporarily unavailable. Please try again in a moment.";

    public static Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers[HeaderNames.RetryAfter] = "5";
        response.Headers[HeaderNames.CacheControl] = "no-store";
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
