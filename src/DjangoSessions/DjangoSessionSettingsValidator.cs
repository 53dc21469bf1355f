using Microsoft.Extensions.Options;

namespace DjangoSessions;

/// <summary>
/// Checks the <c>Session</c> section on start, so a typo stops the app with a message naming the key
/// instead of surfacing later as a broken request.
/// </summary>
internal sealed class DjangoSessionSettingsValidator(SessionEngineRegistry registry) : IValidateOptions<DjangoSessionSettings>
{
    private static readonly string[] SameSiteValues = ["Lax", "Strict", "None"];

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
        if (s.CookieAge < 0)
        {
            errors.Add($"{section}:CookieAge: must be zero or more seconds, got {s.CookieAge}.");
        }
        if (string.IsNullOrWhiteSpace(s.CookieName) || s.CookieName.Any(c => c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c)))
        {
            errors.Add($"{section}:CookieName: '{s.CookieName}' is not a valid cookie name.");
        }
        if (string.IsNullOrEmpty(s.CookiePath) || s.CookiePath[0] != '/')
        {
            errors.Add($"{section}:CookiePath: must start with '/', got '{s.CookiePath}'.");
        }
        if (!string.IsNullOrEmpty(s.CookieSameSite) && !SameSiteValues.Contains(s.CookieSameSite, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{section}:CookieSameSite: expected Lax, Strict, None or empty, got '{s.CookieSameSite}'.");
        }
        if (s.AbsoluteTimeout < 0)
        {
            errors.Add($"{section}:AbsoluteTimeout: must be zero or more seconds (0 or empty = off), got {s.AbsoluteTimeout}.");
        }
        errors.AddRange(SessionCookiePrefixRules.Check(s));
        if (s.SecretKey is { Length: > 0 and < 32 })
        {
            errors.Add($"{section}:SecretKey: must be at least 32 characters long.");
        }
        if (s.CleanupInterval is { } interval && interval <= TimeSpan.Zero)
        {
            errors.Add($"{section}:CleanupInterval: must be a positive time span or absent, got {interval}.");
        }
        if (s.CleanupBatchSize < 1)
        {
            errors.Add($"{section}:CleanupBatchSize: must be at least 1, got {s.CleanupBatchSize}.");
        }
        if (s.Redis.Port is < 1 or > 65535)
        {
            errors.Add($"{section}:Redis:Port: must be between 1 and 65535, got {s.Redis.Port}.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
