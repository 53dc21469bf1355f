using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorSessionDemo.Api;

/// <summary>
/// A refusal written before any page could run (a form too large to read, a missing antiforgery token) as a page in
/// the app's look: Bootstrap and app.css, the navbar brand, the status and the reason. Never a bare text page, and
/// nothing of the request is echoed back.
/// </summary>
public static class StyledStatusPage
{
    public static Task WriteAsync(HttpContext context, int status, string reason, string backHref = "", string backText = "Home")
    {
        var title = WebUtility.HtmlEncode(ReasonPhrases.GetReasonPhrase(status));
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\"><base href=\"/\">" +
            "<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"lib/bootstrap/css/bootstrap.min.css\">" +
            $"<link rel=\"stylesheet\" href=\"app.css\"><title>{title}</title></head><body>" +
            "<header class=\"top navbar bg-body-tertiary border-bottom\"><div class=\"container-fluid\">" +
            "<a class=\"navbar-brand\" href=\"\">Django sessions</a></div></header>" +
            $"<main class=\"container py-4\"><h1 id=\"status-title\">{status} {title}</h1>" +
            $"<p class=\"alert alert-danger\" role=\"alert\" id=\"error-reason\">{WebUtility.HtmlEncode(reason)}</p>" +
            $"<p><a href=\"{WebUtility.HtmlEncode(backHref)}\">{WebUtility.HtmlEncode(backText)}</a></p></main></body></html>",
            context.RequestAborted);
    }
}
