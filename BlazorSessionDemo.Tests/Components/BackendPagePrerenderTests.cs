using BlazorSessionDemo.Components.Pages.Account;
using BlazorSessionDemo.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace BlazorSessionDemo.Tests.Components;

/// <summary>
/// <c>/backend</c> with its real <see cref="VisitCounter"/>, as the server prerenders it before the circuit starts:
/// the counter reads <c>session["visits"]</c> from the request's session and shows it while it connects.
/// </summary>
public sealed class BackendPagePrerenderTests : IDisposable
{
    private readonly AccountPageHost host = new();

    public BackendPagePrerenderTests()
    {
        host.Ui.Services.AddScoped(_ => new DjangoSessionFactory(new DjangoSessions.Lifecycle.SessionLifecycle(host.Store.Engine), Options.Create(host.Store.Settings), host.Store.Time));
        host.Ui.Services.AddScoped<CircuitSessionAccess>();
        host.Ui.AddBunitPersistentComponentState();
        // Static prerendering: not interactive yet, so the counter shows its "connecting" state.
        host.Ui.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
    }

    [Fact]
    public async Task Prerender_ShowsStoredVisitsWhileConnecting()
    {
        var alice = await host.Store.CreateUserAsync("alice", "alice-password");
        var key = await host.Store.LoggedInSessionKeyAsync(alice, session => session[VisitCounter.VisitsKey] = 3);
        host.Request = ComponentStore.RequestWith(host.Store.NewSession(key));

        var page = host.Render<Backend>();

        var counter = page.FindComponent<VisitCounter>();
        Assert.Contains("3 visit(s) so far.", counter.Find("section").TextContent);
        // The button and #counter-ready only appear once the circuit is up.
        Assert.Empty(counter.FindAll("#count-visit"));
        Assert.Empty(counter.FindAll("#counter-ready"));
    }

    [Fact]
    public async Task Prerender_HandsTheSessionKeyToTheCircuit()
    {
        var alice = await host.Store.CreateUserAsync("alice", "alice-password");
        var key = await host.Store.LoggedInSessionKeyAsync(alice);
        host.Request = ComponentStore.RequestWith(host.Store.NewSession(key));

        var page = host.Render<Backend>();

        // Persisted component state is how the circuit learns which session to open (it has no cookie of its own).
        Assert.Equal(key, page.FindComponent<VisitCounter>().Instance.SessionKey);
    }

    public void Dispose() => host.Dispose();
}
