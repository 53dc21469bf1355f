using DjangoSessions.Engines;
using DjangoSessions.Http;
using DjangoSessions.Lifecycle;
using DjangoSessions.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DjangoSessions;

/// <summary>
/// The <c>Session</c> configuration section: one property per Django <c>SESSION_*</c> setting, with Django's defaults,
/// grouped by the code that owns them (<see cref="Cookie"/>, <see cref="Secrets"/>, <see cref="Cleanup"/>,
/// <see cref="File"/>, <see cref="Cache"/>; the redis engine binds its own <c>Session:Redis</c>). The keys stay flat,
/// as Django's settings are: <c>Session:CookieName</c> binds <c>Cookie.CookieName</c> (<see cref="BindFrom"/>).
/// Named so it never clashes with <c>Microsoft.AspNetCore.Builder.SessionOptions</c>.
/// </summary>
public sealed class DjangoSessionSettings
{
    /// <summary>The configuration section the settings bind from: <c>Session</c>.</summary>
    public const string SectionName = "Session";

    /// <summary>Switches the whole framework off: no middleware, no cookie, pages run without a session.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>SESSION_ENGINE: db (default), cache, cached_db, file, signed_cookies, redis.</summary>
    public string Engine { get; set; } = SessionEngineNames.Db;

    /// <summary>
    /// Absolute session lifetime in seconds, counted from login (or creation), however active the session is; null or 0
    /// = off, as Django has none. The idle timeout is the cookie age, counted from the last save as in Django.
    /// </summary>
    public int? AbsoluteTimeout { get; set; }

    /// <summary>
    /// This app runs as one of several nodes sharing its stores (no Django setting: Django leaves it to the cache
    /// backend you pick). With it, the <c>cache</c> engine on an in-process memory cache refuses to start (each node
    /// would hold its own sessions), and a shared SQLite database carries events between the nodes' processes in an
    /// outbox table. Redis and PostgreSQL carry them without it.
    /// </summary>
    public bool MultipleNodes { get; set; }

    /// <summary>SESSION_SAVE_EVERY_REQUEST.</summary>
    public bool SaveEveryRequest { get; set; }

    /// <summary>SESSION_COOKIE_* and SESSION_EXPIRE_AT_BROWSER_CLOSE.</summary>
    public SessionCookieSettings Cookie { get; set; } = new();

    /// <summary>SECRET_KEY and SECRET_KEY_FALLBACKS.</summary>
    public SessionSecretSettings Secrets { get; set; } = new();

    /// <summary>The clearsessions job.</summary>
    public SessionCleanupSettings Cleanup { get; set; } = new();

    /// <summary>SESSION_FILE_PATH (the file engine).</summary>
    public FileSessionSettings File { get; set; } = new();

    /// <summary>SESSION_CACHE_ALIAS (the cache and cached_db engines).</summary>
    public CacheSessionSettings Cache { get; set; } = new();

    /// <summary>
    /// Binds every group from the flat keys of <paramref name="section"/> (<c>Session:CookieName</c>, not
    /// <c>Session:Cookie:CookieName</c>): the configuration keys are Django's, whatever class owns them here.
    /// </summary>
    /// <exception cref="OptionsValidationException">A value can't be read as its setting's type (a word for a number,
    /// an unknown SameSite mode): the same start-up error, naming the key, as a value the validator refuses.</exception>
    public void BindFrom(IConfiguration section)
    {
        try
        {
            section.Bind(this);
            section.Bind(Cookie);
            section.Bind(Secrets);
            section.Bind(Cleanup);
            section.Bind(File);
            section.Bind(Cache);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value; its inner one says what was expected.
            throw new OptionsValidationException(Options.DefaultName, typeof(DjangoSessionSettings),
                [$"{ex.Message} {ex.InnerException?.Message}".TrimEnd()]);
        }
    }
}
