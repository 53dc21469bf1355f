using System.Security.Claims;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// The principal of a session login: a <see cref="ClaimsPrincipal"/> whose hash code is its user's id instead of the
/// runtime's per-object one. ASP.NET Core's <c>AuthenticationService</c> puts every principal a handler authenticates
/// into a <c>HashSet</c> (so that claims transformation runs once per principal), and a fresh object's first hash code
/// is made by a call into the runtime: 1.2% of an authenticated request's CPU in a profile of E2 (docs/benchmarks.md).
/// Equality stays reference equality, as for any principal: two logins of one user are two principals that share a
/// hash code, which a set handles.
/// </summary>
public sealed class SessionPrincipal(ClaimsIdentity identity, long userId) : ClaimsPrincipal(identity)
{
    public override int GetHashCode() => userId.GetHashCode();

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
}
