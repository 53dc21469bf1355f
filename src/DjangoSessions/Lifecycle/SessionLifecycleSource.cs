using DjangoSessions.Concurrency;
using DjangoSessions.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DjangoSessions.Lifecycle;

/// <summary>
/// Makes the lifecycle of a request or circuit scope: the container's scoped <see cref="SessionLifecycle"/> and the
/// session middleware's, which makes its own rather than resolving it. A scoped service is kept in the scope's
/// dictionary, and the lifecycle was the fourth of an authenticated request (with ASP.NET Core's authentication service
/// and handler provider, and then the catalog's request client, which the lifecycle now tells the request itself): the
/// dictionary grew from 3 to 7 entries on every request, about 350 bytes. The parts are the container's singletons, taken once, on the first request rather than at startup
/// (the engine is not built before a request needs it). Its observers still come from the scope given, when first needed.
/// </summary>
internal sealed class SessionLifecycleSource(IServiceProvider services)
{
    private SessionLifecycleParts? _parts;

    /// <summary>
    /// A lifecycle whose observers come from <paramref name="scope"/>; <paramref name="request"/> is the request it
    /// serves, if any (the session middleware's), whose client the catalog records for a session it creates.
    /// </summary>
    public SessionLifecycle Create(IServiceProvider scope, HttpContext? request = null)
    {
        // Two first requests may both take the parts: the same singletons either way.
        var parts = _parts ??= new SessionLifecycleParts(services.GetRequiredService<ISessionEngine>(),
            services.GetRequiredService<SessionWriteLocks>(), services.GetRequiredService<SessionStoreMetrics>(),
            services.GetRequiredService<ILogger<SessionLifecycle>>());
        return new SessionLifecycle(parts, scope, request);
    }
}
