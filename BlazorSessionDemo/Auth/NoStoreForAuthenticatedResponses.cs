using Microsoft.Net.Http.Headers;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// <c>Cache-Control: no-store</c> on every response to a logged-in user (and on the logout that ends it), so a
/// shared computer's back button or a proxy never replays an authenticated page (OWASP session cheat sheet).
/// </summary>
public sealed class NoStoreForAuthenticatedResponses(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(MarkNoStore, context);
        return next(context);
    }

    // One delegate for every request, the context as its state (a lambda over the context would be two objects each time).
    private static readonly Func<object, Task> MarkNoStore = static state =>
    {
        var context = (HttpContext)state;
        if (context.User.Identity?.IsAuthenticated == true)
        {
            context.Response.Headers[HeaderNames.CacheControl] = "no-store";
            context.Response.Headers[HeaderNames.Pragma] = "no-cache";
        }
        return Task.CompletedTask;
    };
}
