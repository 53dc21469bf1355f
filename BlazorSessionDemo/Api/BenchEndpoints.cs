using System.Text;
using BlazorSessionDemo.Auth;
using DjangoSessions;
using DjangoSessions.Http;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Api;

/// <summary>
/// Endpoints for the benchmark harness (bench/run.sh), mapped only when <c>Bench:Endpoints</c> is true: never in a
/// normal run. The same paths exist in the ASP.NET Core and Django baselines under bench/, so every stack is measured
/// on the same requests (E0 no session, E1 anonymous read, E3 read + write; E2, E4, E5 are the real /api endpoints).
/// </summary>
public static class BenchEndpoints
{
    public const string SettingName = "Bench:Endpoints";
    private const string CounterKey = "bench_counter";
    private const int MaxSessionsPerCall = 200_000;

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(SettingName, false);

    public static IEndpointRouteBuilder MapBenchEndpoints(this IEndpointRouteBuilder endpoints)
    {
        if (!IsEnabled(endpoints.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            return endpoints;
        }
        var counters = new BenchCounters(endpoints.ServiceProvider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        endpoints.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(counters.Dispose);
        var bench = endpoints.MapGroup("/bench");
        // E0: the upper bound; run with Session:Enabled=false so no session middleware exists at all.
        bench.MapGet("/e0", () => Results.Text("ok"));
        bench.MapGet("/e1", (Delegate)AnonymousAsync);
        bench.MapGet("/e3", (Delegate)ReadWriteAsync);
        bench.MapPost("/sessions", CreateLoggedInSessionsAsync);
        bench.MapGet("/counters", () => Results.Json(counters.Snapshot()));
        return endpoints;
    }

    /// <summary>E1: what an anonymous page does with the session, a lookup that must cost no store round trip.</summary>
    private static async Task<IResult> AnonymousAsync(HttpContext context)
    {
        if (!context.HasDjangoSession())
        {
            return Results.Text("anonymous");
        }
        // Identity is the authenticated principal (authentication already loaded the session), never a bare user_id.
        var id = context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        return Results.Text(id is not null ? $"user {id}" : "anonymous");
    }

    /// <summary>E3: read and write on every request (a visit counter): one load, one save.</summary>
    private static async Task<IResult> ReadWriteAsync(HttpContext context)
    {
        var session = await context.GetDjangoSessionAsync();
        var count = session.Get<int>(CounterKey) + 1;
        session.Set(CounterKey, count);
        return Results.Text(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// N sessions logged in as <c>login</c>, one key per line: E5 (logout) needs a fresh session per request, and
    /// making them through the session API (not SQL) works the same for every engine.
    /// </summary>
    private static async Task<IResult> CreateLoggedInSessionsAsync(HttpContext context, UserAccounts users,
        ISessionEngine engine, IOptions<DjangoSessionSettings> settings, TimeProvider time, int count, string login, string password)
    {
        if (count is < 1 or > MaxSessionsPerCall || await users.AuthenticateAsync(login, password, context.RequestAborted) is not { } user)
        {
            return Results.BadRequest();
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
        return Results.Text(keys.ToString());
    }
}
