using System.Globalization;
using System.Text;
using BlazorSessionDemo.Api;
using BlazorSessionDemo.Auth;
using DjangoSessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BenchHost;

/// <summary>
/// <c>POST /bench/sessions?count=N&amp;login=..&amp;password=..</c>: N sessions logged in as <c>login</c>, one key
/// per line. E5 (logout) needs a fresh session per request; making them through the session API (not SQL) works the
/// same for every engine. Runs in front of the app's pipeline, not behind it like <see cref="BenchEndpoints"/>: the
/// app's static-asset fallback (<c>{**path:file}</c>, GET and HEAD) makes routing answer 405 to every other method on
/// a path no endpoint matches, so a POST never falls through; and this needs neither the app's session middleware nor
/// its authentication (it talks to the engine itself).
/// </summary>
public sealed class LoggedInSessions(RequestDelegate next)
{
    private const int MaxSessionsPerCall = 200_000;

    // Every measured request passes here: one path comparison, services resolved only for this path.
    public Task InvokeAsync(HttpContext context) =>
        context.Request.Path.Value == "/bench/sessions" && HttpMethods.IsPost(context.Request.Method)
            ? WriteAsync(context, context.RequestServices)
            : next(context);

    private static async Task WriteAsync(HttpContext context, IServiceProvider services)
    {
        var users = services.GetRequiredService<UserAccounts>();
        var engine = services.GetRequiredService<ISessionEngine>();
        var settings = services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var query = context.Request.Query;
        var login = query["login"].ToString();
        var password = query["password"].ToString();
        if (!int.TryParse(query["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count is < 1 or > MaxSessionsPerCall
            || await users.AuthenticateAsync(login, password, context.RequestAborted) is not { } user)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var keys = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var session = new DjangoSession(engine, settings, time);
            await session.LoadAsync(context.RequestAborted);
            await session.LogInAsync(user, context.RequestAborted);
            session.SetExpiry(SessionApiEndpoints.ApiLoginExpirySeconds * 12);
            await session.SaveAsync(cancellationToken: context.RequestAborted);
            keys.Append(session.SessionKey).Append('\n');
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(keys.ToString(), context.RequestAborted);
    }
}
