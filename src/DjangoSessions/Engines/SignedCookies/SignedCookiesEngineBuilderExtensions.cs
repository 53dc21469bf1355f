using DjangoSessions.Engines.SignedCookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Engines;

/// <summary>Registers the <c>signed_cookies</c> engine on a <see cref="DjangoSessionBuilder"/>.</summary>
public static class SignedCookiesEngineBuilderExtensions
{
    /// <summary>
    /// The <c>signed_cookies</c> engine: sessions live in the cookie, signed with <c>Session:SecretKey</c> (and its
    /// fallbacks) under Django's signed_cookies salt; revocations live in <typeparamref name="TLedger"/> (the EF Core
    /// package registers its <c>revoked_sessions</c> table with <c>AddSignedCookiesEngine&lt;TContext&gt;</c>).
    /// </summary>
    public static DjangoSessionBuilder AddSignedCookiesEngineWithLedger<TLedger>(this DjangoSessionBuilder builder)
        where TLedger : class, ISessionRevocationLedger
    {
        builder.Services.TryAddSingleton<ISessionRevocationLedger, TLedger>();
        builder.Services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<DjangoSessionSettings>>().Value;
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var secret = SessionSecretKey.Resolve(settings, sp.GetRequiredService<IHostEnvironment>(),
                loggers.CreateLogger(SessionDataCodec.SecurityLogCategory));
            return new SignedCookieCodec(secret, settings.Secrets.SecretKeyFallbacks, sp.GetRequiredService<TimeProvider>(), loggers);
        });
        return builder.AddEngine<SignedCookieSessionEngine>(SessionEngineNames.SignedCookies);
    }
}
