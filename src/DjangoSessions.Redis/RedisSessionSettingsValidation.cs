using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>
/// <c>Session:Redis:Configuration</c> checked on start, with StackExchange.Redis's own reason: a string the client
/// can't parse, or one naming no server, would otherwise only surface as a 503 on the first request.
/// </summary>
internal sealed class RedisSessionSettingsValidation : IValidateOptions<RedisSessionSettings>
{
    private const string Setting = DjangoSessionSettings.SectionName + ":" + RedisSessionSettings.SectionName + ":Configuration";

    public ValidateOptionsResult Validate(string? name, RedisSessionSettings options)
    {
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            return ValidateOptionsResult.Success;
        }
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(options.Configuration);
        }
        catch (ArgumentException ex)
        {
            // Unknown keyword, a number that isn't one, an endpoint without a valid port: the message says which.
            return ValidateOptionsResult.Fail($"{Setting}: not a valid StackExchange.Redis configuration string ({ex.Message}).");
        }
        return parsed.EndPoints.Count == 0
            ? ValidateOptionsResult.Fail($"{Setting}: names no server; list at least one host:port (e.g. \"10.0.0.1:6379,10.0.0.2:6379\").")
            : ValidateOptionsResult.Success;
    }
}
