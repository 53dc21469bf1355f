using System.Net;
using System.Security.Claims;
using BlazorSessionDemo.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// A session login's principal hashes as its user's id (ASP.NET Core's AuthenticationService keeps the principals it
/// authenticated in a set), and is otherwise any principal: equal only to itself, its claims as the handler made them.
/// </summary>
public sealed class SessionPrincipalTests
{
    [Fact]
    public void HashesAsItsUsersId_EqualOnlyToItself()
    {
        var first = new SessionPrincipal(new ClaimsIdentity(SessionAuthenticationHandler.SchemeName), 42);
        var second = new SessionPrincipal(new ClaimsIdentity(SessionAuthenticationHandler.SchemeName), 42);

        Assert.Equal(42L.GetHashCode(), first.GetHashCode());
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Equal(first, first);
        Assert.NotEqual<ClaimsPrincipal>(first, second);
        Assert.Equal(2, new HashSet<ClaimsPrincipal> { first, second, first }.Count);
    }

    [Fact]
    public async Task ALoggedInRequest_IsAuthenticatedAsASessionPrincipalOfItsUser()
    {
        await using var app = new AppFactory();
        var login = await AuthClient.ApiLoginAsync(app.CreateBrowserLikeClient(), "alice@example.com", "alice-password");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var key = AuthClient.SessionKeyOf(login);

        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Cookie = $"{AuthClient.CookieName}={key}";
        var result = await RunThroughSessionsAsync(app, context);

        var principal = Assert.IsType<SessionPrincipal>(result.Principal);
        var id = long.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(id.GetHashCode(), principal.GetHashCode());
        Assert.Equal("alice", principal.Identity?.Name);
    }

    /// <summary>The app's session middleware around an authenticate call, as a request's pipeline runs it.</summary>
    private static async Task<AuthenticateResult> RunThroughSessionsAsync(AppFactory app, HttpContext context)
    {
        AuthenticateResult? result = null;
        var pipeline = new ApplicationBuilder(app.Services);
        pipeline.UseDjangoSessions();
        pipeline.Run(async c => result = await c.AuthenticateAsync());
        await pipeline.Build()(context);
        return result!;
    }
}
