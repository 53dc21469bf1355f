using BlazorSessionDemo.Auth.Lockout;

namespace BlazorSessionDemo.Auth;

/// <summary>The <c>Auth</c> section.</summary>
public sealed class AuthSettings
{
    public const string SectionName = "Auth";

    /// <summary>The lowest BCrypt cost this app accepts: below it a hash is too cheap to brute-force offline.</summary>
    public const int MinimumWorkFactor = 10;

    /// <summary>BCrypt cost for new hashes; older, cheaper hashes are upgraded at the next successful login.</summary>
    public int BcryptWorkFactor { get; set; } = 12;

    /// <summary>
    /// <c>Auth:PasswordMinimumLength</c>: the shortest new password accepted (Django's <c>MinimumLengthValidator</c>
    /// default, 8; OWASP ASVS 5.0 asks for at least 8 and recommends 15 for a single factor).
    /// </summary>
    public int PasswordMinimumLength { get; set; } = 8;

    /// <summary>The longest <see cref="UserCacheSeconds"/> accepted: beyond it a deactivation elsewhere waits too long.</summary>
    public const int MaximumUserCacheSeconds = 60;

    /// <summary>
    /// <c>Auth:UserCacheSeconds</c>: how long a node authenticates a user from its <see cref="ActiveUserCache"/> without
    /// reading <c>auth_user</c>. Changes made through this app reach every node at once over the session event bus; this
    /// bounds how long one nobody announced (a Django site or SQL writing the table, a lost event) goes unseen.
    /// 0 turns the cache off (a query per authenticated request, as Django).
    /// </summary>
    public int UserCacheSeconds { get; set; } = 5;

    /// <summary><c>Auth:Lockout</c>: brute-force limits on logging in.</summary>
    public LoginLockoutSettings Lockout { get; set; } = new();

    /// <summary>The <c>Demo:SeedUsers</c> switch: create alice, bob and admin on start.</summary>
    public bool SeedDemoUsers { get; set; } = true;
}
