using BlazorSessionDemo.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BenchHost;

public static class BenchServiceCollectionExtensions
{
    /// <summary>
    /// The benchmark's additions to the app: /bench/* answered after the app's whole pipeline (sessions and
    /// authentication included), the store and allocation counters, and BCrypt's lowest cost allowed, so that E4
    /// (login) measures the session's cost rather than the hash's. The app's own floor (10) is lowered here in code:
    /// configuration alone can never lower it.
    /// </summary>
    public static IServiceCollection AddBenchHost(this IServiceCollection services)
    {
        services.PostConfigure<BcryptWorkFactorFloor>(floor => floor.Minimum = BcryptWorkFactorFloor.BcryptMinimum);
        services.AddSingleton<BenchCounters>();
        services.AddTransient<IStartupFilter, BenchStartupFilter>();
        if (Environment.GetEnvironmentVariable(FixedPrincipalHandler.EnvironmentVariable) == "1")
        {
            // The app's scheme, its handler swapped: resolved per request from DI, as the app's own is.
            services.AddTransient<FixedPrincipalHandler>();
            services.PostConfigure<AuthenticationOptions>(auth =>
                auth.SchemeMap[SessionAuthenticationHandler.SchemeName].HandlerType = typeof(FixedPrincipalHandler));
        }
        return services;
    }

    /// <summary>
    /// The GET probes behind the app's pipeline (what it leaves unanswered reaches them, with the session loaded and
    /// the user authenticated); the session maker in front of it (see <see cref="LoggedInSessions"/> for why).
    /// </summary>
    private sealed class BenchStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<LoggedInSessions>();
            next(app);
            app.UseMiddleware<BenchEndpoints>();
        };
    }
}
