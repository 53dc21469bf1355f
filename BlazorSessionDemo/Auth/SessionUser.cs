using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Data;
using DjangoSessions;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// The login state in the session: the seed's <c>user_id</c>, <c>username</c>, <c>user_info</c>, <c>is_login</c>, and
/// Django's reserved <c>_auth_user_id</c>, <c>_auth_user_backend</c>, <c>_auth_user_hash</c> (django.contrib.auth's
/// SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY). Only login, logout and password change write them; who the
/// request is comes from <see cref="SessionAuthenticationHandler"/>, which checks them all on every request.
/// </summary>
public static class SessionUser
{
    public const string UserIdKey = "user_id";
    public const string UsernameKey = "username";
    public const string UserInfoKey = "user_info";
    public const string IsLoginKey = "is_login";

    /// <summary>Django's SESSION_KEY: the user's primary key as a string.</summary>
    public const string AuthUserIdKey = "_auth_user_id";

    /// <summary>Django's BACKEND_SESSION_KEY: the dotted path of the backend that authenticated the user.</summary>
    public const string AuthBackendKey = "_auth_user_backend";

    /// <summary>Django's HASH_SESSION_KEY: <see cref="SessionAuthHash"/> of the password hash at login.</summary>
    public const string AuthHashKey = "_auth_user_hash";

    /// <summary>
    /// The backend this app's login stands for: Django's default <c>ModelBackend</c>, so a Django app sharing the session
    /// table and SECRET_KEY accepts the login (its <c>get_user()</c> only trusts backends in AUTHENTICATION_BACKENDS).
    /// </summary>
    public const string ModelBackend = "django.contrib.auth.backends.ModelBackend";

    /// <summary>Every key login writes: what no other page or endpoint may write.</summary>
    public static readonly IReadOnlySet<string> LoginKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        UserIdKey, UsernameKey, UserInfoKey, IsLoginKey, AuthUserIdKey, AuthBackendKey, AuthHashKey,
    };

    /// <summary>
    /// Keys the server relies on for who the visitor is (<see cref="LoginKeys"/>) or for its own bookkeeping (any key
    /// starting with <c>_</c>, reserved by Django for internal use): only login, logout and password change write them.
    /// </summary>
    public static bool IsReservedKey(string key) => key.StartsWith('_') || LoginKeys.Contains(key);

    /// <summary>
    /// Django's <c>login()</c>: a session that belongs to another user (by either id key) is flushed, so the new user
    /// starts empty; otherwise the key is cycled, so a key planted or seen before login is worthless after it (session
    /// fixation). Called again for the same user after a password change, it is Django's
    /// <c>update_session_auth_hash()</c>: the key is cycled, the data kept, and <c>_auth_user_hash</c> rewritten from
    /// <paramref name="user"/>'s current password hash, so this session stays logged in while others holding the old
    /// hash stop being logins.
    /// </summary>
    public static async Task LogInAsync(this DjangoSession session, User user, CancellationToken cancellationToken = default)
    {
        var secret = session.Settings.Secrets.EffectiveSecretKey
            ?? throw new InvalidOperationException("The session has no SECRET_KEY to compute _auth_user_hash with.");
        var seedId = session.GetUserId();
        var authId = session.GetAuthUserId();
        if ((seedId is not null && seedId != user.Id) || (authId is not null && authId != user.Id)
            || (session.ContainsKey(AuthUserIdKey) && authId is null))
        {
            await session.FlushAsync(cancellationToken);
        }
        else if (session.SessionKey is not null)
        {
            await session.CycleKeyAsync(cancellationToken);
        }
        // A session never stored (no key, or a cookie's unknown key already dropped on load) has no key to fix: its first
        // save creates a fresh one. Django's cycle_key() would INSERT an empty row here and UPDATE it at the end of the
        // request: two writes for one login, where this is one.
        session[UserIdKey] = user.Id;
        session[UsernameKey] = user.Username;
        session[UserInfoKey] = UserInfo(user);
        session[IsLoginKey] = "true";
        session[AuthUserIdKey] = user.Id.ToString(CultureInfo.InvariantCulture);
        session[AuthBackendKey] = ModelBackend;
        session[AuthHashKey] = SessionAuthHash.Compute(user.PasswordHash, secret);
        // OWASP: the absolute timeout counts from authentication, so login restarts it (no-op when it is off).
        session.RestartAbsoluteTimeout();
    }

    /// <summary>
    /// A session logged in by Django's own <c>login()</c> (reserved keys only, already verified against the user's
    /// password hash): the seed's <c>user_id</c>, <c>username</c>, <c>user_info</c> and <c>is_login</c> are added so the
    /// authenticate filter and the seed's pages work unchanged. Django ignores keys it does not know.
    /// </summary>
    public static void AdoptDjangoLogin(this DjangoSession session, User user)
    {
        session[UserIdKey] = user.Id;
        session[UsernameKey] = user.Username;
        session[UserInfoKey] = UserInfo(user);
        session[IsLoginKey] = "true";
    }

    /// <summary>
    /// Django's <c>_auth_user_id</c>: the primary key as Django stores it (a string of digits); a JSON integer is read
    /// too, as <c>pk.to_python</c> would. Anything else is no id.
    /// </summary>
    public static long? GetAuthUserId(this DjangoSession session) =>
        // Read in place (TryGetValue): Get would hand out a node, which makes the session copy the data it loaded.
        session.TryGetValue<string>(AuthUserIdKey, out var text)
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null
            : session.TryGetValue<long>(AuthUserIdKey, out var id) ? id : null;

    /// <summary>The seed's <c>'**{} {} {}'.format(user.id, user.name, user.email)</c>.</summary>
    public static string UserInfo(User user) => $"**{user.Id} {user.Username} {user.Email}";

    /// <summary>The string stored under <paramref name="key"/>; null when absent or not a JSON string (never throws).</summary>
    public static string? GetString(this DjangoSession session, string key) =>
        session.TryGetValue<string>(key, out var text) ? text : null;

    /// <summary>
    /// The seed's <c>user_id</c> as stored at login (a numeric string is accepted too). Not an identity on its own: who
    /// the request is comes from the authenticated principal, which requires this to agree with <c>_auth_user_id</c>.
    /// </summary>
    public static long? GetUserId(this DjangoSession session) =>
        session.TryGetValue<long>(UserIdKey, out var number) ? number : session.Get(UserIdKey) switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var id) => id,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => (long?)JsonSerializer.Deserialize<double>(value.ToJsonString()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && long.TryParse(value.GetValue<string>(), out var parsed) => parsed,
        _ => null,
    };
}
