using System.Globalization;
using System.Security.Claims;
using DjangoSessions.Http;
using Microsoft.AspNetCore.Http;

namespace BenchHost;

/// <summary>
/// The benchmark-only GET requests, answered after the app's pipeline (sessions, authentication) found no endpoint for
/// them. The same paths exist
/// in the ASP.NET Core and Django baselines under bench/, so every stack is measured on the same requests (E0 no
/// session, E1 anonymous read, E3 read + write; E2, E4 and E5 are the app's real /api endpoints).
/// </summary>
public sealed class BenchEndpoints(RequestDelegate next, BenchCounters counters)
{
    private const string CounterKey = "bench_counter";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        var isGet = HttpMethods.IsGet(context.Request.Method);
        return (path, isGet) switch
        {
            // E0: the upper bound; run with Session:Enabled=false so no session middleware exists at all.
            ("/bench/e0", true) => Text(context, "ok"),
            ("/bench/e1", true) => Text(context, Anonymous(context)),
            ("/bench/e3", true) => ReadWriteAsync(context),
            ("/bench/counters", true) => context.Response.WriteAsJsonAsync(counters.Snapshot(), context.RequestAborted),
            _ => next(context),
        };
    }

    /// <summary>E1: what an anonymous page does with the session, a lookup that must cost no store round trip.</summary>
    private static string Anonymous(HttpContext context)
    {
        if (!context.HasDjangoSession())
        {
            return "anonymous";
        }
        // Identity is the authenticated principal (authentication already loaded the session), never a bare user_id.
        var id = context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        return id is not null ? $"user {id}" : "anonymous";
    }

    /// <summary>E3: read and write on every request (a visit counter): one load, one save.</summary>
    private static async Task ReadWriteAsync(HttpContext context)
    {
        var session = await context.GetDjangoSessionAsync();
        var count = session.Get<int>(CounterKey) + 1;
        session.Set(CounterKey, count);
        await Text(context, count.ToString(CultureInfo.InvariantCulture));
    }

    private static Task Text(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
