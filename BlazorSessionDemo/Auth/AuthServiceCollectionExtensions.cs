using BlazorSessionDemo.Auth.Hashers;
using BlazorSessionDemo.Auth.Lockout;
using BlazorSessionDemo.Auth.Passwords;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Auth;

public static class AuthServiceCollectionExtensions
{
    public const string StaffPolicy = "staff";

    /// <summary>Accounts, BCrypt, and ASP.NET Core authentication over the Django session.</summary>
    public static IServiceCollection AddSessionAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthSettings>()
            .Bind(configuration.GetSection(AuthSettings.SectionName))
            .Configure(s => s.SeedDemoUsers = configuration.GetValue("Demo:SeedUsers", true))
            // The floor is never bound to configuration: only code composed into the host can lower it.
            .Validate<IOptions<BcryptWorkFactorFloor>>((s, floor) => floor.Value.Allows(s.BcryptWorkFactor),
                $"{AuthSettings.SectionName}:BcryptWorkFactor: must be between {AuthSettings.MinimumWorkFactor} and 31.")
            .Validate(s => s.Lockout is { MaxFailuresPerAccount: > 0, MaxFailuresPerAddress: > 0, WindowSeconds: > 0 },
                $"{LoginLockoutSettings.SectionName}: MaxFailuresPerAccount, MaxFailuresPerAddress and WindowSeconds must be positive.")
            .Validate(s => s.PasswordMinimumLength is >= 8 and <= DjangoPasswordHasher.MaxPasswordBytes,
                $"{AuthSettings.SectionName}:PasswordMinimumLength: must be between 8 and {DjangoPasswordHasher.MaxPasswordBytes}.")
            .Validate(s => s.UserCacheSeconds is >= 0 and <= AuthSettings.MaximumUserCacheSeconds,
                $"{AuthSettings.SectionName}:UserCacheSeconds: must be between 0 (off) and {AuthSettings.MaximumUserCacheSeconds}.")
            .ValidateOnStart();
        services.AddOptions<BcryptWorkFactorFloor>();
        services.AddSingleton<DjangoPasswordHasher>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<ActiveUserCache>();
        services.AddSingleton<UserAccounts>();
        services.TryAddSingleton(TimeProvider.System);
        // On the redis engine every node shares that server: lockout counts live there, so failures spread over nodes
        // add up and a restart unlocks nothing (docs/deployment.md). Elsewhere they are per process.
        services.AddSingleton<SharedLoginFailures>();
        services.AddSingleton(sp => new LoginThrottle(sp.GetRequiredService<IOptions<AuthSettings>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<DjangoSessions.DjangoSessionSettings>>().Value.Engine == DjangoSessions.SessionEngineNames.Redis
                ? sp.GetRequiredService<SharedLoginFailures>()
                : null));
        services.AddSingleton<LoginAttempts>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<SessionAccess>();
        services.AddScoped<PasswordChange>();
        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, policy => policy.RequireClaim(SessionAuthenticationHandler.StaffClaim, "true"));
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>Authentication, authorization and no-store for logged-in responses; after <c>UseDjangoSessions</c>.</summary>
    public static IApplicationBuilder UseSessionAuthentication(this IApplicationBuilder app) =>
        app.UseMiddleware<LoginBodyLimit>()
            .UseAuthentication()
            .UseAuthorization()
            .UseMiddleware<NoStoreForAuthenticatedResponses>();
}
