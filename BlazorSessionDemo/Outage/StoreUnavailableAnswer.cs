using DjangoSessions;
using DjangoSessions.Http;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace BlazorSessionDemo.Outage;

/// <summary>
/// The app's 503 while the session store is down (issue 15): JSON <c>{"error": ...}</c> for every <c>/api/...</c>
/// request whatever its <c>Accept</c> header (curl sends <c>*/*</c>) and for clients asking for JSON; for everyone
/// else <see cref="StoreUnavailablePage"/>, in the app's look. Both name the engine and the address that failed.
/// </summary>
public sealed class StoreUnavailableAnswer(SessionStoreAddress addresses, ILoggerFactory loggers) : ISessionStoreUnavailableWriter
{
    public static string Message(string engine, string address) =>
        $"The session store is temporarily unavailable: the '{engine}' engine can't reach {address}. Please try again in a moment.";

    public async Task WriteAsync(HttpContext context, SessionStoreUnavailableException error)
    {
        var address = addresses.Of(error.Engine);
        if (context.Request.Path.StartsWithSegments("/api") || AsksForJson(context.Request))
        {
            await context.Response.WriteAsJsonAsync(new { error = Message(error.Engine, address) }, context.RequestAborted);
            return;
        }
        await using var renderer = new HtmlRenderer(context.RequestServices, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var page = await renderer.RenderComponentAsync<StoreUnavailablePage>(ParameterView.FromDictionary(
                new Dictionary<string, object?> { [nameof(StoreUnavailablePage.Engine)] = error.Engine, [nameof(StoreUnavailablePage.Address)] = address }));
            return page.ToHtmlString();
        });
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    private static bool AsksForJson(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}
