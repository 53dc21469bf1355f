using DjangoSessions.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DjangoSessions.Http;

/// <summary>
/// Django's SessionMiddleware: attaches a lazy session to the request and, when the response starts, saves it and
/// sets or deletes the cookie (<c>process_response</c>). A request that never touches the session costs no store
/// round trip and gets no cookie (CVE-2015-5143: anonymous requests must not create rows).
/// </summary>
internal sealed class DjangoSessionMiddleware(
    RequestDelegate next,
    IOptions<DjangoSessionSettings> options,
    TimeProvider time,
    SessionLifecycleSource lifecycles,
    ILogger<DjangoSessionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var settings = options.Value;
        // Made here, not resolved from the request's scope (see SessionLifecycleSource): its observers still come from it.
        var lifecycle = lifecycles.Create(context.RequestServices, context);
        var hadCookie = SessionCookie.TryRead(context.Request, settings.Cookie.CookieName, out var cookieKey);
        var feature = new DjangoSessionFeature(new DjangoSession(lifecycle, LifetimeUnder(settings), cookieKey), context, hadCookie);
        // The indexer rather than Set<T>(), a generic virtual call (see HttpContextSessionExtensions.FeatureOf).
        context.Features[typeof(IDjangoSessionFeature)] = feature;
        context.Response.OnStarting(_commitOnStart, feature);
        try
        {
            await next(context);
            if (!context.Response.HasStarted)
            {
                // Django's process_response: the view has returned and nothing was sent yet (a redirect, an empty
                // answer), so save now, while a store error can still become a whole 503 answer instead of a bare
                // status on a response that is already on its way.
                feature.Committed = true;
                await CommitAsync(feature, settings, early: true);
            }
        }
        catch (SessionStoreUnavailableException ex) when (!context.Response.HasStarted)
        {
            feature.RequestFailed = true;
            SessionLog.StoreUnavailable(logger, ex);
            await StoreUnavailableResponse.WriteAsync(context, ex);
        }
        catch
        {
            feature.RequestFailed = true;
            throw;
        }
    }

    // Stateless, so one serves every request; made again only if the options' value is ever a new object.
    private SessionLifetime LifetimeUnder(DjangoSessionSettings settings) =>
        _lifetime is { } kept && ReferenceEquals(kept.Settings, settings) ? kept : _lifetime = new SessionLifetime(settings, time);

    private SessionLifetime? _lifetime;

    // One delegate for the middleware's life, the feature as its state: a lambda over the request was two objects each time.
    private Func<object, Task> _commitOnStart => field ??= state =>
        ((DjangoSessionFeature)state) is { Committed: false } feature ? CommitAsync(feature, options.Value, early: false) : Task.CompletedTask;

    private async Task CommitAsync(DjangoSessionFeature feature, DjangoSessionSettings settings, bool early)
    {
        var (context, hadCookie, session) = (feature.Context, feature.HadCookie, feature.Session);
        var response = context.Response;
        if (hadCookie && session.IsEmpty)
        {
            // The session was flushed or the cookie named nothing: remove the cookie with the same path and domain.
            response.Headers.Append(HeaderNames.SetCookie,
                SessionCookie.DeletionOptions(settings, context).CreateCookieHeader(settings.Cookie.CookieName, "").ToString());
            AddVaryCookie(response);
            return;
        }
        if (session.Accessed)
        {
            AddVaryCookie(response);
        }
        if (!(session.Modified || settings.SaveEveryRequest) || session.IsEmpty)
        {
            return;
        }
        // Django skips the save on a server error: a half-done request must not persist its changes.
        if (feature.RequestFailed || response.StatusCode >= 500)
        {
            return;
        }
        try
        {
            await session.SaveAsync(cancellationToken: CancellationToken.None);
        }
        catch (SessionStoreUnavailableException) when (early)
        {
            // Caught in InvokeAsync, which answers the whole 503 (the response has not started).
            throw;
        }
        catch (SessionStoreUnavailableException ex)
        {
            // Too late for a clean error page (the body is on its way), but never a cookie for data that wasn't stored.
            SessionLog.StoreUnavailable(logger, ex);
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        catch (SessionTooLargeException ex)
        {
            // A programming error (too much data for a cookie), reported clearly instead of a cookie the browser drops.
            SessionLog.SessionTooLarge(logger, ex);
            response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        catch (SessionConflictException ex)
        {
            // A concurrent request changed the same key from the same value: storing this one would lose its update.
            SessionLog.SessionConflict(logger, ex.Key);
            response.StatusCode = StatusCodes.Status409Conflict;
            return;
        }
        catch (SessionUpdateException)
        {
            // Django's SessionInterrupted (400): never resurrect a session another request deleted.
            SessionLog.SessionInterrupted(logger);
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        // Written raw, not through Cookies.Append, which percent-escapes ':' and would break signed_cookies values for a
        // Django peer; every key an engine issues is made of cookie-safe characters.
        response.Headers.Append(HeaderNames.SetCookie,
            SessionCookie.Options(session, settings, context, time).CreateCookieHeader(settings.Cookie.CookieName, session.SessionKey!).ToString());
    }

    private static void AddVaryCookie(HttpResponse response)
    {
        // A loop rather than LINQ over the values: this runs on every response that read its session.
        foreach (var value in response.Headers.Vary)
        {
            var text = value ?? "";
            foreach (var part in text.AsSpan().Split(','))
            {
                if (text.AsSpan(part).Trim().Equals("Cookie", StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }
        }
        response.Headers.Append(HeaderNames.Vary, "Cookie");
    }
}
