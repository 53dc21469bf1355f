// The seed's JSON views (login, test1, logout) on DjangoSessions from its NuGet packages, without EF Core: the file
// engine by default, or redis with Session__Engine=redis. The three lines that give an app Django's sessions are
// marked (1), (2), (3).
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DjangoSessions;
using DjangoSessions.Engines;
using DjangoSessions.Http;
using DjangoSessions.Redis;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDjangoSessions(builder.Configuration.GetSection("Session")).AddFileEngine().AddRedisEngine(); // (1)
var app = builder.Build();
app.UseDjangoSessions(); // (2)

// The seed's login view: authenticate, then store the user in the session (Django's login() cycles the key first, so
// a key planted before login is worthless after it) for five idle minutes (s.set_expiry(300)).
app.MapPost("/api/login", async (HttpContext context) =>
{
    LoginBody? body;
    try
    {
        body = context.Request.HasJsonContentType() ? await context.Request.ReadFromJsonAsync<LoginBody>() : null;
    }
    catch (JsonException)
    {
        return Error(StatusCodes.Status400BadRequest, "the body is not valid JSON");
    }
    if (body is not { Email: { Length: > 0 } email, Password: { Length: > 0 } password })
    {
        return Error(StatusCodes.Status400BadRequest, "send {\"email\": ..., \"password\": ...} as application/json");
    }
    if (DemoUser.Authenticate(email, password) is not { } user)
    {
        return Error(StatusCodes.Status400BadRequest, "invalid email or password");
    }
    var session = await context.GetDjangoSessionAsync(); // (3)
    await session.CycleKeyAsync(context.RequestAborted);
    session["user_id"] = user.Id;
    session["user_info"] = user.Info;
    session.SetExpiry(300);
    return Results.Json(new { user = new { user_id = user.Id, name = user.Name, email = user.Email }, user_info = user.Info });
});

app.MapGet("/api/test1", async (HttpContext context) =>
    (await context.GetDjangoSessionAsync()).ContainsKey("user_id")
        ? Results.Text("test1 ok")
        : Error(StatusCodes.Status400BadRequest, "not logged in"));

// The seed's logout behind @authenticate: no session user, 401; else flush() deletes the record and the cookie.
app.MapPost("/api/logout", async (HttpContext context) =>
{
    var session = await context.GetDjangoSessionAsync();
    if (session.Get<long?>("user_id") is not { } userId)
    {
        return Error(StatusCodes.Status401Unauthorized, "not logged in");
    }
    await session.FlushAsync(context.RequestAborted);
    return Results.Text($"{userId} logout ok.");
});

app.Run();

static IResult Error(int status, string reason) => Results.Json(new { error = reason }, statusCode: status);

internal sealed record LoginBody(string? Email, string? Password);

/// <summary>The demo accounts (the app's, without a database).</summary>
internal sealed record DemoUser(long Id, string Name, string Email, string Password)
{
    private static readonly DemoUser[] All =
    [
        new(1, "alice", "alice@example.com", "alice-password"),
        new(2, "bob", "bob@example.com", "bob-password"),
    ];

    public string Info => $"**{Id} {Name} {Email}";

    /// <summary>The user with this email and password, or null; passwords are compared in constant time.</summary>
    public static DemoUser? Authenticate(string email, string password)
    {
        var user = All.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(user?.Password ?? ""));
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        return CryptographicOperations.FixedTimeEquals(expected, given) ? user : null;
    }
}
