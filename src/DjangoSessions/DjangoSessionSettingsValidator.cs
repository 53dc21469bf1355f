using Microsoft.Extensions.Options;

namespace DjangoSessions;

/// <summary>
/// Checks the <c>Session</c> section on start, so a typo stops the app with a message naming the key
/// instead of surfacing later as a broken request.
/// </summary>
internal sealed class DjangoSessionSettingsValidator(SessionEngineRegistry registry) : IValidateOptions<DjangoSessionSettings>
{
    public ValidateOptionsResult Validate(string? name, DjangoSessionSettings s)
    {
        var errors = new List<string>();
        var section = DjangoSessionSettings.SectionName;
        if (!SessionEngineNames.All.Contains(s.Engine))
        {
            errors.Add($"{section}:Engine: unknown engine '{s.Engine}'; expected one of {string.Join(", ", SessionEngineNames.All)}.");
        }
        else if (s.Enabled && !registry.IsRegistered(s.Engine))
        {
            errors.Add($"{section}:Engine: engine '{s.Engine}' is not registered in this app; registered: {string.Join(", ", registry.Names)}.");
        }
        if (s.Cookie.CookieAge < 0)
        {
            errors.Add($"{section}:CookieAge: must be zero or more seconds, got {s.Cookie.CookieAge}.");
        }
        if (string.IsNullOrWhiteSpace(s.Cookie.CookieName) || s.Cookie.CookieName.Any(c => c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c)))
        {
            errors.Add($"{section}:CookieName: '{s.Cookie.CookieName}' is not a valid cookie name.");
        }
        if (string.IsNullOrEmpty(s.Cookie.CookiePath) || s.Cookie.CookiePath[0] != '/')
        {
            errors.Add($"{section}:CookiePath: must start with '/', got '{s.Cookie.CookiePath}'.");
        }
        // The binder parses names and numbers alike: "5" would bind, so only the named modes pass.
        if (s.Cookie.CookieSameSite is { } sameSite && !Enum.IsDefined(sameSite))
        {
            errors.Add($"{section}:CookieSameSite: expected Lax, Strict, None or empty, got '{sameSite}'.");
        }
        if (s.AbsoluteTimeout < 0)
        {
            errors.Add($"{section}:AbsoluteTimeout: must be zero or more seconds (0 or empty = off), got {s.AbsoluteTimeout}.");
        }
        errors.AddRange(SessionCookiePrefixRules.Check(s));
        if (s.Secrets.SecretKey is { Length: > 0 and < 32 })
        {
            errors.Add($"{section}:SecretKey: must be at least 32 characters long.");
        }
        if (s.Cleanup.CleanupInterval is { } interval && interval <= TimeSpan.Zero)
        {
            errors.Add($"{section}:CleanupInterval: must be a positive time span or absent, got {interval}.");
        }
        if (s.Cleanup.CleanupBatchSize < 1)
        {
            errors.Add($"{section}:CleanupBatchSize: must be at least 1, got {s.Cleanup.CleanupBatchSize}.");
        }
        if (s.Cleanup.CleanupBatchPause < TimeSpan.Zero || s.Cleanup.CleanupBatchPause > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{section}:CleanupBatchPause: must be between 00:00:00 and 00:01:00, got {s.Cleanup.CleanupBatchPause}.");
        }
        if (s.Cleanup.CleanupLeaseLength is { } lease && lease <= TimeSpan.Zero)
        {
            errors.Add($"{section}:CleanupLeaseLength: must be a positive time span or absent, got {lease}.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
