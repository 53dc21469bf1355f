using System.Text.Encodings.Web;
using BlazorSessionDemo.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BenchHost;

/// <summary>
/// The floor of an authenticated request, for the bench's <c>app floor</c> case (environment variable
/// <c>BENCH_FIXED_PRINCIPAL=1</c>, with <c>Session:Enabled=false</c>): the app's authentication scheme answers any
/// request carrying a <c>sessionid</c> cookie with the principal the app's own handler builds for a logged-in user (a
/// <see cref="SessionLoginIdentity"/>: the same claims, made the same way when first read; no fingerprint, as there is
/// no session), without a session, a store or a user lookup. E2 on it, minus E0, is what ASP.NET Core's
/// authentication, authorization and the authenticated endpoint cost; E2 on an engine, minus it, is the session
/// framework's share.
/// </summary>
public sealed class FixedPrincipalHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string EnvironmentVariable = "BENCH_FIXED_PRINCIPAL";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue("sessionid", out var key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        // The app's own identity (claims made when first read), for the same user on every request.
        var identity = new SessionLoginIdentity(Alice, key, sessions: null);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new SessionPrincipal(identity, 1), SessionAuthenticationHandler.SchemeName)));
    }

    private static readonly CachedUser Alice = new(new BlazorSessionDemo.Data.User
    {
        Id = 1, Username = "alice", Email = "alice@example.com", PasswordHash = "",
    });
}
