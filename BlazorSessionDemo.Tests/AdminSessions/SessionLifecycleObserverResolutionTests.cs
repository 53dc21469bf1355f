using System.Text.Json.Nodes;
using DjangoSessions.Catalog;
using DjangoSessions.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// The container's <see cref="SessionLifecycle"/> (one per request scope) builds its observers on the first save or
/// end, from that scope: a request that only reads its session - most requests - builds none, and a scoped observer
/// still gets the request's own instance, once per scope.
/// </summary>
public sealed class SessionLifecycleObserverResolutionTests
{
    [Fact]
    public async Task ReadsBuildNoObserver_TheFirstSaveBuildsTheScopesOwn_OnceAndHeard()
    {
        var built = new List<ScopedRecordingObserver>();
        using var bed = new LifecycleTestBed(SessionEngineNames.Db, services =>
            services.AddScoped<ISessionLifecycleObserver>(_ =>
            {
                var observer = new ScopedRecordingObserver();
                lock (built)
                {
                    built.Add(observer);
                }
                return observer;
            }));
        var key = await bed.CreateSessionAsync(new JsonObject { ["user"] = "alice" });
        Assert.Single(built);

        using var request = bed.Services.CreateScope();
        var lifecycle = request.ServiceProvider.GetRequiredService<SessionLifecycle>();
        var session = new DjangoSession(lifecycle, bed.Services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value, bed.Time, key);
        await session.LoadAsync();
        Assert.True(session.TryGetValue<string>("user", out _));
        Assert.NotNull(await lifecycle.LoadAsync(key, CancellationToken.None));
        Assert.True(await lifecycle.ExistsAsync(key, CancellationToken.None));
        Assert.Single(built);

        session["user"] = "bob";
        await session.SaveAsync();
        await session.SaveAsync();
        await lifecycle.EndAsync(key, SessionEndReason.Revoked, CancellationToken.None);

        Assert.Equal(2, built.Count);
        var own = built[1];
        Assert.Same(own, request.ServiceProvider.GetServices<ISessionLifecycleObserver>().Single());
        Assert.Equal([key, key], own.Saved.Select(s => s.SessionId));
        Assert.Equal(new SessionEnded(key, SessionEndReason.Revoked), Assert.Single(own.Ended));
        Assert.Empty(built[0].Ended);
    }

    private sealed class ScopedRecordingObserver : ISessionLifecycleObserver
    {
        public List<SessionSaved> Saved { get; } = [];

        public List<SessionEnded> Ended { get; } = [];

        public Task OnSavedAsync(SessionSaved saved, CancellationToken cancellationToken)
        {
            Saved.Add(saved);
            return Task.CompletedTask;
        }

        public Task OnEndedAsync(SessionEnded ended, CancellationToken cancellationToken)
        {
            Ended.Add(ended);
            return Task.CompletedTask;
        }

        public Task<int> OnClearExpiredAsync(CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
