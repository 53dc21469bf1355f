using System.Text.Encodings.Web;
using DjangoSessions.Catalog;
using DjangoSessions.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// Session → identity, as Django's <c>get_user()</c> on every request: the session is a login only when
/// <c>_auth_user_id</c> names an active user, <c>_auth_user_backend</c> is the known backend, the seed's <c>user_id</c>
/// agrees, and <c>_auth_user_hash</c> matches the hash of that user's current password hash (constant-time). No reserved
/// keys (a bare <c>user_id</c>, a session from an older build) → anonymous. A login made by a Django site sharing the
/// session table (its reserved keys only) gets the seed's keys on its first request here. A hash that no longer matches (the password
/// changed) → the session is flushed, as Django does. The user comes from <see cref="ActiveUserCache"/> (no query while
/// cached); a hash that does not match what the cache holds is checked again against the database before any flush. Challenges answer 401 JSON for the API and redirect pages to
/// <c>/login?returnUrl=...</c>.
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserAccounts users,
    // Taken once with the handler (null while sessions are off) instead of looked up in the request's services.
    SessionIdentity? sessionIdentity = null) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DjangoSession";
    public const string StaffClaim = "is_staff";

    /// <summary>The session's fingerprint (never its key): how a circuit knows which session it runs on.</summary>
    public const string SessionFingerprintClaim = "session_fingerprint";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // No session cookie: nothing to look up, and the session stays untouched (no Vary: Cookie on static files).
        // Static files never need a user: they are served without reading the session, so the stylesheets of the 503
        // page still load while the session store is down.
        if (Context.FindDjangoSession() is not { SessionKey: not null } session
            || Context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null)
        {
            return AuthenticateResult.NoResult();
        }
        // Read once: Kestrel answers every read of RequestAborted under a lock.
        var aborted = Context.RequestAborted;
        // Loaded in place (nothing to do once loaded): the session was found above, so not looked up again.
        await session.LoadAsync(aborted);
        // A login made by Django's login() has no seed keys yet (adopted below, once the hash is verified); one that
        // has them must agree.
        var fromDjango = !session.ContainsKey(SessionUser.UserIdKey);
        CachedUser? cached;
        if (session.GetAuthUserId() is not { } userId
            || session.GetString(SessionUser.AuthBackendKey) != SessionUser.ModelBackend
            || (!fromDjango && session.GetUserId() != userId)
            || (cached = await users.FindActiveCachedAsync(userId, aborted)) is null)
        {
            return AuthenticateResult.NoResult();
        }
        var secrets = session.Settings.Secrets;
        var stored = session.GetString(SessionUser.AuthHashKey);
        // Never flush a login because of what this node cached: the password may have changed on another node (a
        // login's rehash, a password change) before its event arrived here. On a mismatch the database decides.
        if (secrets.EffectiveSecretKey is not { } secret
            || (!cached.AuthHashMatches(stored, secret, secrets.SecretKeyFallbacks)
                && (cached = await users.RefreshActiveAsync(userId, aborted)) is not null
                && !cached.AuthHashMatches(stored, secret, secrets.SecretKeyFallbacks)))
        {
            // Django's get_user(): "if not session_hash_verified: request.session.flush(); user = None".
            AuthLog.SessionAuthHashMismatch(Logger, userId);
            await session.FlushAsync(aborted);
            return AuthenticateResult.NoResult();
        }
        if (cached is null)
        {
            // Deactivated or deleted since it was cached: anonymous, as any inactive user.
            return AuthenticateResult.NoResult();
        }
        var user = cached.User;
        if (fromDjango)
        {
            session.AdoptDjangoLogin(user);
        }
        // The claims are made when first read (SessionLoginIdentity), from this user and this session key.
        var principal = new SessionPrincipal(new SessionLoginIdentity(cached, session.SessionKey, sessionIdentity), user.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (ApiRequests.IsApi(Request))
        {
            await ApiRequests.WriteErrorAsync(Response, StatusCodes.Status401Unauthorized, "authentication required");
            return;
        }
        var returnUrl = Request.PathBase + Request.Path + Request.QueryString;
        Response.Redirect($"/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (ApiRequests.IsApi(Request))
        {
            await ApiRequests.WriteErrorAsync(Response, StatusCodes.Status403Forbidden, "forbidden");
            return;
        }
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
