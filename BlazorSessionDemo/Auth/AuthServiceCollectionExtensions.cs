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
            .Validate(s => s.Lockout.Store is LoginLockoutSettings.AutoStore or LoginLockoutSettings.RedisStore
                or LoginLockoutSettings.DatabaseStore or LoginLockoutSettings.ProcessStore,
                $"{LoginLockoutSettings.SectionName}:Store: must be {LoginLockoutSettings.AutoStore}, {LoginLockoutSettings.RedisStore}, " +
                $"{LoginLockoutSettings.DatabaseStore} or {LoginLockoutSettings.ProcessStore}.")
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
        // Lockout counts live where every node sees them (docs/deployment.md): in Redis on the redis engine, else in
        // the database, which this app always has and every node shares; Auth:Lockout:Store=Process keeps them per process.
        services.AddSingleton<SharedLoginFailures>();
        services.AddSingleton<DatabaseLoginFailures>();
        services.AddSingleton(sp => new LoginThrottle(sp.GetRequiredService<IOptions<AuthSettings>>(), sp.GetRequiredService<TimeProvider>(),
            LoginFailureStoreFor(sp)));
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

    private static ILoginFailureStore? LoginFailureStoreFor(IServiceProvider services)
    {
        var store = services.GetRequiredService<IOptions<AuthSettings>>().Value.Lockout.Store;
        var redisEngine = services.GetRequiredService<IOptions<DjangoSessions.DjangoSessionSettings>>().Value.Engine == DjangoSessions.SessionEngineNames.Redis;
        return store switch
        {
            LoginLockoutSettings.ProcessStore => null,
            LoginLockoutSettings.RedisStore => services.GetRequiredService<SharedLoginFailures>(),
            LoginLockoutSettings.DatabaseStore => services.GetRequiredService<DatabaseLoginFailures>(),
            _ when redisEngine => services.GetRequiredService<SharedLoginFailures>(),
            _ => services.GetRequiredService<DatabaseLoginFailures>(),
        };
    }
}
