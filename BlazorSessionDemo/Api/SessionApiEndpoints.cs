using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Lockout;
using DjangoSessions.Http;

namespace BlazorSessionDemo.Api;

/// <summary>
/// The seed's Django views as minimal-API endpoints: <c>login</c>, <c>logout</c> (behind <c>@authenticate</c>),
/// <c>test1</c>, plus <c>me</c>. Bad input is a 400 with a reason, never a 500.
/// </summary>
public static class SessionApiEndpoints
{
    /// <summary>The seed's <c>s.set_expiry(300)</c>: an API login lasts five idle minutes.</summary>
    public const int ApiLoginExpirySeconds = 300;

    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapPost("/login", LoginAsync);
        api.MapPost("/logout", (Delegate)LogoutAsync).AcceptsNoBody().RequireSessionUser();
        api.MapGet("/test1", (Delegate)Test1).AcceptsNoBody();
        api.MapGet("/me", (Delegate)Me).AcceptsNoBody().RequireSessionUser();
        return api;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, LoginAttempts attempts)
    {
        // Django's LoginView is never_cache: no answer to a login (it may set the session cookie) is kept by a cache.
        context.Response.Headers.CacheControl = "no-store";
        if (!context.HasDjangoSession())
        {
            return Results.Json(new { error = "sessions are switched off" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var read = await LoginRequest.ReadAsync(context.Request, context.RequestAborted);
        if (read.Error is not null)
        {
            return BadRequest(read.Error);
        }
        var request = read.Request!;
        var outcome = await attempts.LogInAsync(request.Email, request.Password, context.Connection.RemoteIpAddress, context.RequestAborted);
        if (outcome.RetryAfter is { } wait)
        {
            var seconds = LoginOutcome.Seconds(wait);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { error = $"too many failed login attempts; try again in {seconds} seconds" },
                statusCode: StatusCodes.Status429TooManyRequests);
        }
        var user = outcome.User;
        if (user is null)
        {
            return BadRequest("invalid email or password");
        }
        var session = await context.GetDjangoSessionAsync();
        await session.LogInAsync(user, context.RequestAborted);
        session.SetExpiry(ApiLoginExpirySeconds);
        return Results.Json(new
        {
            user = new { user_id = user.Id, name = user.Username, email = user.Email },
            user_info = SessionUser.UserInfo(user),
        });
    }

    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        // Who logs out is the authenticated user (the filter made sure the session's user_id agrees).
        var userId = context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        var session = await context.GetDjangoSessionAsync();
        await session.FlushAsync(context.RequestAborted);
        return Results.Text($"{userId} logout ok.");
    }

    private static IResult Test1(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? Test1Ok : BadRequest("not logged in");

    // The seed's test1 view answers the same text every time: one result, its bytes encoded once.
    private static readonly IResult Test1Ok = new FixedTextResult("test1 ok");

    private static IResult Me(HttpContext context) => Results.Json(new
    {
        user_id = long.Parse(context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, System.Globalization.CultureInfo.InvariantCulture),
        name = context.User.Identity!.Name,
        email = context.User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value,
        is_staff = context.User.HasClaim(SessionAuthenticationHandler.StaffClaim, "true"),
    });

    private static IResult BadRequest(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);
}
