using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorSessionDemo.Api;

/// <summary>
/// Every refused request says why. API requests (<c>/api/...</c>) get JSON <c>{"error": ...}</c> for any error status
/// the endpoint left without a body (an unknown path, a wrong method) and for a malformed or oversized request the
/// server rejected while reading it, instead of an HTML page or nothing. Form posts to pages that were refused before a
/// page ran (missing antiforgery token, a body that isn't a form) get a short HTML page with the reason: the
/// status-code page re-execution can't render for them (it re-runs the POST, which fails again with an empty 400).
/// </summary>
/// <remarks>Goes right after <c>UseStatusCodePagesWithReExecute</c>: it answers first, so GET pages keep the
/// "not found" page and everything else gets its reason. Nothing of the request is ever echoed back.</remarks>
public sealed class ErrorReasonMiddleware(RequestDelegate next)
{
    /// <summary>Kestrel's own limit for API bodies, above what any API endpoint reads (<see cref="ApiJsonBody.MaxBodyBytes"/>).</summary>
    public const long MaxApiRequestBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var isApi = context.Request.Path.StartsWithSegments("/api");
        if (isApi && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxApiRequestBodyBytes;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (isApi && !context.Response.HasStarted)
        {
            // Body over Kestrel's limit, broken chunked encoding, a client too slow to send: the client's fault, a 4xx.
            context.Response.Clear();
            await WriteApiErrorAsync(context, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "request body too large" : "malformed request");
            return;
        }
        var response = context.Response;
        if (response.HasStarted || response.StatusCode < 400 || response.StatusCode >= 600)
        {
            return;
        }
        if (isApi)
        {
            await WriteApiErrorAsync(context, response.StatusCode, ApiReason(response.StatusCode));
        }
        else if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await WritePageErrorAsync(context, PageReason(context));
        }
    }

    private static Task WriteApiErrorAsync(HttpContext context, int statusCode, string error)
    {
        DisableStatusCodePage(context);
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(new { error });
    }

    private static Task WritePageErrorAsync(HttpContext context, string reason)
    {
        DisableStatusCodePage(context);
        return StyledStatusPage.WriteAsync(context, context.Response.StatusCode, reason);
    }

    private static void DisableStatusCodePage(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
    }

    private static string ApiReason(int statusCode) => statusCode switch
    {
        StatusCodes.Status401Unauthorized => "authentication required",
        StatusCodes.Status404NotFound => "no such API endpoint",
        StatusCodes.Status405MethodNotAllowed => "method not allowed for this endpoint",
        StatusCodes.Status413PayloadTooLarge => "request body too large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported content type",
        _ => ReasonPhrases.GetReasonPhrase(statusCode).ToLowerInvariant(),
    };

    private static string PageReason(HttpContext context) => context.Response.StatusCode switch
    {
        _ when context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } =>
            "The form could not be accepted: its security token is missing or no longer valid. " +
            "Go back, reload the page and submit the form again.",
        StatusCodes.Status404NotFound => "Nothing answers this address.",
        StatusCodes.Status405MethodNotAllowed => "This address does not accept this kind of request.",
        StatusCodes.Status413PayloadTooLarge => "The request is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The request's content type is not one this address accepts.",
        _ => "The request could not be accepted as sent.",
    };
}

public static class ErrorReasonMiddlewareExtensions
{
    /// <summary>Adds <see cref="ErrorReasonMiddleware"/>; call it right after <c>UseStatusCodePagesWithReExecute</c>.</summary>
    public static IApplicationBuilder UseErrorReasons(this IApplicationBuilder app) => app.UseMiddleware<ErrorReasonMiddleware>();
}
