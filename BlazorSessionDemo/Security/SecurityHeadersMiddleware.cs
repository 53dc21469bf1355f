namespace BlazorSessionDemo.Security;

/// <summary>
/// The headers every response carries, whatever produces it (a page, the API, a static file, an error or status page):
/// set when the response starts, so an endpoint that clears the response (an error handler) can't drop them.
/// </summary>
/// <remarks>
/// Django's <c>SecurityMiddleware</c> and <c>XFrameOptionsMiddleware</c> defaults, with frame-ancestors 'self' as the
/// task's framing rule (ASVS 5.0 V3.4): <c>X-Content-Type-Options: nosniff</c> (SECURE_CONTENT_TYPE_NOSNIFF),
/// <c>Referrer-Policy: same-origin</c> (SECURE_REFERRER_POLICY), <c>X-Frame-Options: SAMEORIGIN</c> for browsers that
/// predate frame-ancestors, and the <see cref="ContentSecurityPolicy"/>. Goes first in the pipeline.
/// </remarks>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var nonce = new CspNonce();
        context.Features.Set(nonce);
        context.Response.OnStarting(static state =>
        {
            var (response, nonce) = ((HttpResponse, CspNonce))state;
            var headers = response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "SAMEORIGIN";
            headers.ContentSecurityPolicy = ContentSecurityPolicy.Header(nonce.IsIssued ? nonce.Value : null);
            return Task.CompletedTask;
        }, (context.Response, nonce));
        return next(context);
    }
}

public static class SecurityHeadersExtensions
{
    /// <summary>Adds <see cref="SecurityHeadersMiddleware"/>; call it first, before the exception handler.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeadersMiddleware>();
}
