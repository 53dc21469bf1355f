namespace BlazorSessionDemo.Auth;

/// <summary>
/// The lowest <c>Auth:BcryptWorkFactor</c> the app accepts. Registered without binding to configuration, on purpose:
/// settings alone can never weaken password hashing below <see cref="AuthSettings.MinimumWorkFactor"/>. Only code
/// composed into the host may lower it (a benchmark host does, with <c>PostConfigure</c>, to measure a login's session
/// cost apart from BCrypt's).
/// </summary>
public sealed class BcryptWorkFactorFloor
{
    /// <summary>BCrypt's own lowest cost; no floor goes below it.</summary>
    public const int BcryptMinimum = 4;

    /// <summary>The lowest accepted cost; <see cref="AuthSettings.MinimumWorkFactor"/> unless code lowers it.</summary>
    public int Minimum { get; set; } = AuthSettings.MinimumWorkFactor;

    /// <summary>Whether <paramref name="workFactor"/> is allowed: from the floor (never below BCrypt's 4) to 31.</summary>
    public bool Allows(int workFactor) => workFactor >= Math.Max(BcryptMinimum, Minimum) && workFactor <= 31;
}
