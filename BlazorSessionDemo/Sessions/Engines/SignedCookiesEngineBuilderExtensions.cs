using BlazorSessionDemo.Sessions.Engines.SignedCookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Sessions.Engines;

public static class SignedCookiesEngineBuilderExtensions
{
    /// <summary>
    /// The <c>signed_cookies</c> engine: sessions live in the cookie, signed with <c>Session:SecretKey</c> (and its
    /// fallbacks) under Django's signed_cookies salt; revocations live in <typeparamref name="TContext"/>'s
    /// <c>revoked_sessions</c> table (registered with <c>AddDbContextFactory</c>, migrations applied).
    /// </summary>
    public static DjangoSessionBuilder AddSignedCookiesEngine<TContext>(this DjangoSessionBuilder builder)
        where TContext : DbContext, ISessionLedgerDbContext
    {
        builder.Services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<DjangoSessionSettings>>().Value;
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var secret = SessionSecretKey.Resolve(settings, sp.GetRequiredService<IHostEnvironment>(),
                loggers.CreateLogger(SessionDataCodec.SecurityLogCategory));
            return new SignedCookieCodec(secret, settings.SecretKeyFallbacks, sp.GetRequiredService<TimeProvider>(), loggers);
        });
        return builder.AddEngine<SignedCookieSessionEngine<TContext>>(SessionEngineNames.SignedCookies);
    }
}
