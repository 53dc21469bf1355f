using System.Net;
using BlazorSessionDemo.Tests.AdminSessions;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using BlazorSessionDemo.Tests.Security;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Passwords;

/// <summary>
/// <c>/account/sessions</c> as the best account pages show sessions (GitHub's devices page, django-user-sessions): this
/// browser pinned first with a badge, activity said relative to now with the exact UTC time on hover, counts in plain
/// English, and "sign out everywhere, including here" behind the password. An empty password field is a missing answer:
/// it is said as such and never spends one of the login limits' attempts.
/// </summary>
public sealed class AccountSessionsDevicesTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private EngineApp _app = null!;
    private HttpClient _laptop = null!;
    private HttpClient _phone = null!;
    private string _laptopKey = "";
    private string _phoneKey = "";
    private long _aliceId;

    public async Task InitializeAsync()
    {
        _app = new EngineApp("db", redis, testServices: services => services.AddLogging(l => l.AddProvider(_logs)));
        _laptop = _app.CreateClient();
        _phone = _app.CreateClient();
        _laptopKey = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(_laptop, "alice", "alice-password"));
        // The phone logs in five minutes later, so it is the most recently active: it must still come second.
        _app.Time.Advance(TimeSpan.FromMinutes(5));
        _phoneKey = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(_phone, "alice@example.com", "alice-password"));
        _aliceId = (await AppData.UserAsync(_app.Factory, "alice")).Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ThisBrowser_IsPinnedFirst_WithTheBadge_EvenWhenAnotherWasActiveSince()
    {
        await using var page = new MySessionsPage(_app, _aliceId, "alice", _laptopKey);

        var (order, badged) = page.Cards();

        Assert.Equal([Fingerprint(_laptopKey), Fingerprint(_phoneKey)], order);
        Assert.Equal(Fingerprint(_laptopKey), badged);
        Assert.Equal("2 sessions open: this browser and 1 other.", page.Text("#session-count"));
    }

    [Fact]
    public async Task Activity_IsSaidRelativeToNow_WithTheExactUtcTimeOnHover()
    {
        var laptopActive = (await LiveSessions.EntryOfAsync(_app.Host, _laptopKey)).LastActivity;
        await using var page = new MySessionsPage(_app, _aliceId, "alice", _laptopKey);

        var html = page.Markup($"li[data-fingerprint='{Fingerprint(_laptopKey)}'] .activity");

        Assert.Contains("Active", html);
        Assert.Contains(">5 minutes ago</time>", html);
        Assert.Contains($"title=\"{laptopActive.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC\"", html);
        Assert.Contains("Active <time", page.Markup($"li[data-fingerprint='{Fingerprint(_phoneKey)}'] .activity"));
        Assert.Contains(">just now</time>", page.Markup($"li[data-fingerprint='{Fingerprint(_phoneKey)}'] .activity"));
    }

    [Fact]
    public async Task EmptyPassword_AsksForIt_EndsNothing_AndSpendsNoAttempt()
    {
        await using var page = new MySessionsPage(_app, _aliceId, "alice", _laptopKey);
        var answers = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await page.EndOthersAsync(""));
        }
        answers.Add(await page.EndEverywhereAsync(""));

        Assert.All(answers, a => Assert.Equal("Enter your password: no session was ended.", a));
        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id is 2020 or 2021);
        Assert.Equal(HttpStatusCode.OK, (await _phone.GetAsync("/api/me")).StatusCode);
        // Twelve "wrong" answers would have locked the account (ten failures); the right one still works.
        Assert.Equal("1 other session ended.", await page.EndOthersAsync("alice-password"));
    }

    [Fact]
    public async Task EndOthers_WhenNoneIsOpen_SaysSoInWords()
    {
        await using var page = new MySessionsPage(_app, _aliceId, "alice", _laptopKey);
        Assert.Equal("1 other session ended.", await page.EndOthersAsync("alice-password"));

        Assert.Equal("No other session was open.", await page.EndOthersAsync("alice-password"));
        Assert.Equal("1 session open: this browser.", page.Text("#session-count"));
    }

    [Fact]
    public async Task SignOutEverywhere_WithTheWrongPassword_EndsNothing()
    {
        await using var page = new MySessionsPage(_app, _aliceId, "alice", _laptopKey);

        Assert.Equal("Wrong password: no session was ended.", await page.EndEverywhereAsync("not-her-password"));

        Assert.Null(page.NavigatedTo);
        Assert.Equal(HttpStatusCode.OK, (await _laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _phone.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEverySessionIncludingThisOne_AndGoesToTheLoginPage()
    {
        var bob = _app.CreateClient();
        await AuthClient.ApiLoginAsync(bob, "bob@example.com", "bob-password");
        await using var page = new MySessionsPage(_app, _aliceId, "alice", _laptopKey);

        await page.EndEverywhereAsync("alice-password");

        Assert.Equal("login?ended=1", page.NavigatedTo);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _phone.GetAsync("/api/me")).StatusCode);
        Assert.False(await _app.Database.RowExistsAsync(_laptopKey));
        // Only her own: bob stays logged in.
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/me")).StatusCode);
    }

    private string Fingerprint(string key) => LiveSessions.FingerprintOf(_app.Host, key);
}
