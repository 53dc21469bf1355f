using System.Globalization;
using System.Text;
using BlazorSessionDemo.Api;
using BlazorSessionDemo.Auth;
using DjangoSessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BenchHost;

/// <summary>
/// <c>POST /bench/sessions?count=N&amp;login=..&amp;password=..</c>: N sessions logged in as <c>login</c>, one key
/// per line. E5 (logout) needs a fresh session per request, and E3 one session per connection; making them through
/// the session API (not SQL) works the same for every engine.
/// </summary>
public sealed class LoggedInSessions(UserAccounts users, ISessionEngine engine, IOptions<DjangoSessionSettings> settings,
    TimeProvider time)
{
    private const int MaxSessionsPerCall = 200_000;

    public async Task WriteAsync(HttpContext context)
    {
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
            var session = new DjangoSession(engine, settings.Value, time);
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
