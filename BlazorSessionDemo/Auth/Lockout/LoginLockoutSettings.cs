namespace BlazorSessionDemo.Auth.Lockout;

/// <summary>
/// <c>Auth:Lockout</c>: brute-force limits on logging in (OWASP Authentication cheat sheet, ASVS 5.0 V6.3.1). Failed
/// attempts are counted per account and per client address over a sliding window; past either limit an attempt is
/// refused with 429 and <c>Retry-After</c> before any password is checked.
/// </summary>
public sealed class LoginLockoutSettings
{
    public const string SectionName = "Auth:Lockout";

    /// <summary>Off: no attempt is ever refused (tests of other things, or a gateway that limits instead).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Failed logins of one account within <see cref="WindowSeconds"/> before it is refused.</summary>
    public int MaxFailuresPerAccount { get; set; } = 10;

    /// <summary>Failed logins from one client address within <see cref="WindowSeconds"/>, whatever the account.</summary>
    public int MaxFailuresPerAddress { get; set; } = 100;

    /// <summary>
    /// Where the failures are counted: <c>Auto</c> (default: in Redis on the redis engine, else in the shared database),
    /// <c>Redis</c>, <c>Database</c>, or <c>Process</c> (this process only: a restart unlocks, and each node counts
    /// its own).
    /// </summary>
    public string Store { get; set; } = AutoStore;

    public const string AutoStore = "Auto";
    public const string RedisStore = "Redis";
    public const string DatabaseStore = "Database";
    public const string ProcessStore = "Process";

    /// <summary>The sliding window, in seconds (15 minutes).</summary>
    public int WindowSeconds { get; set; } = 900;
}
