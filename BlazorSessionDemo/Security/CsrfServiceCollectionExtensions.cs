namespace BlazorSessionDemo.Security;

public static class CsrfServiceCollectionExtensions
{
    /// <summary>The <c>Csrf</c> section, checked on start: every trusted origin must be <c>scheme://host[:port]</c>.</summary>
    public static IServiceCollection AddApiCsrfProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CsrfSettings>()
            .Bind(configuration.GetSection(CsrfSettings.SectionName))
            .Validate(s => s.TrustedOrigins.All(entry => WebOrigin.TryParse(entry, allowWildcard: true, out _)),
                $"{CsrfSettings.SectionName}:{nameof(CsrfSettings.TrustedOrigins)}: every entry must be an origin with its scheme, " +
                "like https://app.example.com or https://*.example.com (http or https, a port if not the default, no path).")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Refuses cross-site state-changing API requests; before <c>UseDjangoSessions</c>, so nothing is loaded for them.</summary>
    public static IApplicationBuilder UseApiCsrfProtection(this IApplicationBuilder app) => app.UseMiddleware<ApiCsrfMiddleware>();
}
