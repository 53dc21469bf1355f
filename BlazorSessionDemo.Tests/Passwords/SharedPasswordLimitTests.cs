using System.Net;
using BlazorSessionDemo.Auth.Lockout;
using BlazorSessionDemo.Auth.Passwords;
using BlazorSessionDemo.Components.Pages.Account;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using BlazorSessionDemo.Tests.Security;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Passwords;

/// <summary>
/// One brute-force limit for every password check (ASVS 5.0 V6.3.1): logging in, re-entering the password to end all
/// other sessions on <c>/account/sessions</c>, and the current password of a password change count against the same
/// account and address, are refused while locked ("too many attempts", 429 on HTTP), and log failures by user id only.
/// </summary>
public sealed class SharedPasswordLimitTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string Attacker = "203.0.113.7";
    private const string TypedSecret = "hunter2-typed-guess";

    private readonly CapturingLoggerProvider _logs = new();
    private EngineApp _app = null!;
    private HttpClient _laptop = null!;
    private HttpClient _phone = null!;
    private string _laptopKey = "";
    private long _aliceId;

    public async Task InitializeAsync()
    {
        _app = new EngineApp("db", redis, testServices: services => services.AddLogging(l => l.AddProvider(_logs)));
        _laptop = _app.CreateClient();
        _phone = _app.CreateClient();
        _laptopKey = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(_laptop, "alice", "alice-password"));
        AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(_phone, "alice@example.com", "alice-password"));
        _aliceId = (await AppData.UserAsync(_app.Factory, "alice")).Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EndAllOthers_TwelveWrongThenRight_IsRefused_WhileApiLoginAnswers429()
    {
        await using var page = new MySessionsPage(_app, _aliceId, "alice", _laptopKey);
        var answers = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await page.EndOthersAsync($"guess-{i}"));
        }

        var right = await page.EndOthersAsync("alice-password");

        Assert.All(answers[..10], a => Assert.Equal("Wrong password: no session was ended.", a));
        Assert.All(answers[10..], a => Assert.StartsWith("Too many attempts, try again in 900 s.", a));
        Assert.StartsWith("Too many attempts, try again in 900 s.", right);
        Assert.Equal(HttpStatusCode.OK, (await _phone.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await AuthClient.ApiLoginAsync(_app.CreateClient(), "alice@example.com", "alice-password")).StatusCode);
    }

    [Fact]
    public async Task EndAllOthers_EmptyPasswordTwelveTimes_CountsNothing_ThenTheRightPasswordEndsThem()
    {
        await using var page = new MySessionsPage(_app, _aliceId, "alice", _laptopKey);
        for (var i = 0; i < 12; i++)
        {
            Assert.DoesNotContain("Too many attempts", await page.EndOthersAsync(""));
        }

        var right = await page.EndOthersAsync("alice-password");

        Assert.DoesNotContain("Too many attempts", right);
        Assert.DoesNotContain("Wrong password", right);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _phone.GetAsync("/api/me")).StatusCode);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id == 2021);
    }

    [Fact]
    public async Task PasswordChange_TwelveWrongCurrentThenRight_Is429_AndChangesNothing()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await PasswordForms.ChangeAsync(_laptop, $"guess-{i}", "a-brand-new-secret")).StatusCode);
        }

        var right = await PasswordForms.ChangeAsync(_laptop, "alice-password", "a-brand-new-secret");

        Assert.All(statuses[..10], s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.All(statuses[10..], s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(900), right.Headers.RetryAfter?.Delta);
        Assert.Contains(ChangePassword.ThrottledMessage(900), await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _phone.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await AuthClient.ApiLoginAsync(_app.CreateClient(), "alice@example.com", "alice-password")).StatusCode);
        _app.Time.Advance(TimeSpan.FromSeconds(900));
        Assert.Equal(HttpStatusCode.OK,
            (await AuthClient.ApiLoginAsync(_app.CreateClient(), "alice@example.com", "alice-password")).StatusCode);
    }

    [Fact]
    public async Task FailuresAddUp_AcrossLoginReEntryAndPasswordChange()
    {
        await using var page = new MySessionsPage(_app, _aliceId, "alice", _laptopKey);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await AuthClient.ApiLoginAsync(_app.CreateClient(), "alice@example.com", $"login-{i}")).StatusCode);
        }
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Wrong password: no session was ended.", await page.EndOthersAsync($"reentry-{i}"));
        }
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PasswordForms.ChangeAsync(_laptop, $"change-{i}", "a-brand-new-secret")).StatusCode);
        }

        // Ten failures in all: every path now refuses the right password.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PasswordForms.ChangeAsync(_laptop, "alice-password", "a-brand-new-secret")).StatusCode);
        Assert.StartsWith("Too many attempts", await page.EndOthersAsync("alice-password"));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AuthClient.FormLoginAsync(_app.CreateClient(), "alice", "alice-password")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await AuthClient.ApiLoginAsync(_app.CreateClient(), "alice@example.com", "alice-password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _phone.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task OneAddressCount_IsSharedByTheThreePaths()
    {
        // Six failures per address here: two on each path from one address use them up.
        await using var app = new EngineApp("db", redis, new() { ["Auth:Lockout:MaxFailuresPerAddress"] = "6" });
        using var attacker = app.CreateClient();
        attacker.DefaultRequestHeaders.Add(TestRemoteAddress.Header, Attacker);
        var attackerKey = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(attacker, "alice", "alice-password"));
        await using var page = new MySessionsPage(app, _aliceId, "alice", attackerKey, clientAddress: Attacker);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await AuthClient.ApiLoginAsync(attacker, "bob@example.com", $"login-{i}")).StatusCode);
            Assert.Equal("Wrong password: no session was ended.", await page.EndOthersAsync($"reentry-{i}"));
            Assert.Equal(HttpStatusCode.OK, (await PasswordForms.ChangeAsync(attacker, $"change-{i}", "a-brand-new-secret")).StatusCode);
        }

        var fromThere = await AuthClient.ApiLoginAsync(attacker, "admin@example.com", "admin-password");
        var fromElsewhere = await AuthClient.ApiLoginAsync(app.CreateClient(), "admin@example.com", "admin-password");

        Assert.Equal(HttpStatusCode.TooManyRequests, fromThere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromElsewhere.StatusCode);
    }

    [Fact]
    public async Task FailedChecks_AreLoggedByUserIdAndAddress_NeverWithTheTypedText()
    {
        await using var page = new MySessionsPage(_app, _aliceId, "alice", _laptopKey, clientAddress: Attacker);
        await page.EndOthersAsync(TypedSecret);
        await PasswordForms.ChangeAsync(_laptop, TypedSecret, TypedSecret + "-new");
        for (var i = 0; i < 9; i++)
        {
            await page.EndOthersAsync(TypedSecret);
        }

        // Ten failures of the account (one from each address first), then one refusal.
        var failures = _logs.Entries.Where(e => e.EventId.Id == 2021).Select(e => e.Message).ToList();
        Assert.Equal(10, failures.Count);
        Assert.Equal($"Failed password check for user {_aliceId} from {Attacker}.", failures[0]);
        Assert.Equal($"Failed password check for user {_aliceId} from (unknown).", failures[1]);
        var throttled = Assert.Single(_logs.Entries, e => e.EventId.Id == 2020);
        Assert.Equal(LogLevel.Warning, throttled.Level);
        Assert.Equal($"Password check refused before checking: too many failed attempts for user {_aliceId} or from {Attacker}; retry after 900 s.",
            throttled.Message);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(TypedSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheRightPassword_OnAnyPath_ClearsTheAccountsFailures()
    {
        await using var page = new MySessionsPage(_app, _aliceId, "alice", _laptopKey);
        for (var i = 0; i < 9; i++)
        {
            await page.EndOthersAsync($"guess-{i}");
        }

        Assert.Equal("1 other session ended.", await page.EndOthersAsync("alice-password"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _phone.GetAsync("/api/me")).StatusCode);
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PasswordForms.ChangeAsync(_laptop, $"guess-{i}", "a-brand-new-secret")).StatusCode);
        }
        Assert.Contains("id=\"password-changed\"",
            await (await PasswordForms.ChangeAsync(_laptop, "alice-password", "a-brand-new-secret")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FailedLogins_AreLoggedByUserIdOrAsAnUnknownLogin_WithTheAddress_ThenTheRefusal()
    {
        using var attacker = _app.CreateClient();
        attacker.DefaultRequestHeaders.Add(TestRemoteAddress.Header, Attacker);
        await AuthClient.ApiLoginAsync(_app.CreateClient(), TypedSecret, "wrong");
        for (var i = 0; i < 10; i++)
        {
            await AuthClient.ApiLoginAsync(attacker, "alice@example.com", TypedSecret);
        }

        await AuthClient.ApiLoginAsync(attacker, "alice@example.com", "alice-password");

        var failures = _logs.Entries.Where(e => e.EventId.Id == 2002).Select(e => e.Message).ToList();
        Assert.Equal(11, failures.Count);
        Assert.Equal("Failed login for an unknown login from (unknown).", failures[0]);
        Assert.All(failures[1..], f => Assert.Equal($"Failed login for user {_aliceId} from {Attacker}.", f));
        var refused = Assert.Single(_logs.Entries, e => e.EventId.Id == 2001);
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.Equal($"Login refused before checking the password: too many failed attempts for user {_aliceId} or from {Attacker}; retry after 900 s.",
            refused.Message);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(TypedSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARefusedUnknownLogin_IsLoggedAsAnUnknownLogin_FromAnUnknownAddress()
    {
        for (var i = 0; i < 11; i++)
        {
            await AuthClient.ApiLoginAsync(_app.CreateClient(), "nobody-here", "wrong");
        }

        var refused = Assert.Single(_logs.Entries, e => e.EventId.Id == 2001);
        Assert.Equal("Login refused before checking the password: too many failed attempts for an unknown login or from (unknown); retry after 900 s.",
            refused.Message);
    }

    [Fact]
    public async Task ALoginTextThatLooksLikeAnAccountsCount_IsCountedApart_FromThatAccount()
    {
        // Unknown login text is counted under "login:<text>", accounts under "user:<id>": typing "user:<alice's id>"
        // ten times must not lock alice out.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await AuthClient.ApiLoginAsync(_app.CreateClient(), $"user:{_aliceId}", "wrong")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(_app.CreateClient(), "alice@example.com", "alice-password")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AuthClient.ApiLoginAsync(_app.CreateClient(), $"user:{_aliceId}", "wrong")).StatusCode);
    }

    [Fact]
    public async Task CheckPassword_OfNothingTyped_SaysThePasswordIsMissing_AndCountsNothing()
    {
        var attempts = _app.Services.GetRequiredService<LoginAttempts>();
        for (var i = 0; i < 12; i++)
        {
            var outcome = await attempts.CheckPasswordAsync(_aliceId, "", IPAddress.Parse(Attacker));
            Assert.True(outcome.PasswordMissing);
            Assert.Null(outcome.User);
            Assert.Null(outcome.RetryAfter);
        }

        var right = await attempts.CheckPasswordAsync(_aliceId, "alice-password", IPAddress.Parse(Attacker));

        Assert.False(right.PasswordMissing);
        Assert.Equal(_aliceId, right.User?.Id);
        Assert.False((await attempts.CheckPasswordAsync(_aliceId, "wrong", null)).PasswordMissing);
    }
}
