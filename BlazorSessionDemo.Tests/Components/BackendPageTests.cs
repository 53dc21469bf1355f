using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Components.Pages.Account;
using BlazorSessionDemo.Components.Shared;
using Bunit;
using Bunit.TestDoubles;

namespace BlazorSessionDemo.Tests.Components;

/// <summary>
/// <c>/backend</c> rendered for a request whose session was logged in by <see cref="SessionUser.LogInAsync"/> and saved
/// to the real <c>django_session</c> table: the page loads it from there, as the seed's backend view reads
/// <c>request.session</c>. The interactive <see cref="VisitCounter"/> is stubbed here (it runs over a circuit, which
/// the browser tests cover); these tests check that the page places it.
/// </summary>
public sealed class BackendPageTests : IDisposable
{
    private readonly AccountPageHost host = new();

    public BackendPageTests() => host.Ui.ComponentFactories.AddStub<VisitCounter>();

    [Fact]
    public async Task Render_LoggedInSession_SaysHelloToTheUser()
    {
        var alice = await host.Store.CreateUserAsync("alice", "alice-password");
        await RequestWithStoredSessionAsync(alice);

        var page = host.Render<Backend>();

        Assert.Equal("hello alice", page.Find("#hello").TextContent);
    }

    [Fact]
    public async Task Render_LoggedInSession_ShowsUserInfoFromTheSession()
    {
        var alice = await host.Store.CreateUserAsync("alice", "alice-password");
        await RequestWithStoredSessionAsync(alice);

        var page = host.Render<Backend>();

        // The seed's user_info: '**{} {} {}'.format(user.id, user.name, user.email).
        Assert.Equal($"**{alice.Id} alice alice@example.com", page.Find("#user-info").TextContent);
    }

    [Fact]
    public async Task Render_DefaultExpiry_ShowsCookieAgeFromNow()
    {
        var alice = await host.Store.CreateUserAsync("alice", "alice-password");
        await RequestWithStoredSessionAsync(alice);

        var page = host.Render<Backend>();

        // SESSION_COOKIE_AGE (two weeks) from the (fake) current time.
        Assert.Equal("2026-03-18 12:00:00 UTC (14 days of inactivity)", page.Find("#expires").TextContent);
    }

    [Fact]
    public async Task Render_SetExpiry300_ShowsFiveMinutes()
    {
        var alice = await host.Store.CreateUserAsync("alice", "alice-password");
        // What POST /api/login does: request.session.set_expiry(300).
        await RequestWithStoredSessionAsync(alice, session => session.SetExpiry(300));

        var page = host.Render<Backend>();

        Assert.Equal("2026-03-04 12:05:00 UTC (5 minutes of inactivity)", page.Find("#expires").TextContent);
    }

    [Fact]
    public async Task Render_SetExpiry0_SaysBrowserClose()
    {
        var alice = await host.Store.CreateUserAsync("alice", "alice-password");
        // set_expiry(0): the cookie expires when the browser closes.
        await RequestWithStoredSessionAsync(alice, session => session.SetExpiry(0));

        var page = host.Render<Backend>();

        Assert.EndsWith("UTC (or when the browser closes)", page.Find("#expires").TextContent);
    }

    [Fact]
    public async Task Render_ShowsLogoutFormPostingToLogoutWithAntiforgery()
    {
        var alice = await host.Store.CreateUserAsync("alice", "alice-password");
        await RequestWithStoredSessionAsync(alice);

        var page = host.Render<Backend>();

        var form = page.Find("#logout").Closest("form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/logout", form.GetAttribute("action"));
        Assert.Equal("submit", page.Find("#logout").GetAttribute("type"));
        // POST /logout requires antiforgery: the form must carry the token.
        Assert.NotEmpty(form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]")?.GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task Render_PlacesOneVisitCounter()
    {
        var alice = await host.Store.CreateUserAsync("alice", "alice-password");
        await RequestWithStoredSessionAsync(alice);

        var page = host.Render<Backend>();

        Assert.Single(page.FindComponents<Stub<VisitCounter>>());
    }

    [Fact]
    public async Task Render_SessionOfAnotherUser_ShowsThatUser()
    {
        await host.Store.CreateUserAsync("alice", "alice-password");
        var bob = await host.Store.CreateUserAsync("bob", "bob-password");
        await RequestWithStoredSessionAsync(bob);

        var page = host.Render<Backend>();

        Assert.Equal("hello bob", page.Find("#hello").TextContent);
        Assert.Equal($"**{bob.Id} bob bob@example.com", page.Find("#user-info").TextContent);
    }

    /// <summary>A request carrying the cookie of a stored, logged-in session: its session is unloaded until the page reads it.</summary>
    private async Task RequestWithStoredSessionAsync(Data.User user, Action<DjangoSessions.DjangoSession>? change = null)
    {
        var key = await host.Store.LoggedInSessionKeyAsync(user, change);
        host.Request = ComponentStore.RequestWith(host.Store.NewSession(key));
    }

    public void Dispose() => host.Dispose();
}
