using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// Brute-force limits on <c>POST /api/login</c> (<c>Auth:Lockout</c>; ASVS 5.0 V6.3.1, OWASP Authentication cheat
/// sheet): 10 failures per account in a sliding 15 minutes, then 429 with Retry-After and no BCrypt run, the same for
/// unknown accounts; a good login clears the account's count; the window passing unlocks. BCrypt runs are counted from
/// the real hasher's metric. Run on db (counts in the process) and on redis (counts in Redis, shared by every node).
/// </summary>
public abstract class LoginThrottleTests(RedisServerFixture redis, string engine, Dictionary<string, string?>? settings = null)
    : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private EngineApp _app = null!;
    private BcryptCounter _bcrypt = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = new EngineApp(engine, redis, settings);
        _bcrypt = new BcryptCounter(_app.Services);
        _client = _app.CreateClient();
        await BeforeEachAsync();
    }

    /// <summary>Runs once the app has started (its database migrated), before each test.</summary>
    protected virtual Task BeforeEachAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _bcrypt.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task TenFailures_ThenRefused429WithRetryAfter_EvenWithTheRightPassword_WithoutRunningBcrypt()
    {
        await FailAsync("alice@example.com", 10);
        Assert.Equal(10, _bcrypt.Count);

        var refused = await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(900), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("too many failed login attempts", (await refused.Content.ReadFromJsonAsync<JsonObject>())?["error"]?.GetValue<string>());
        Assert.Equal(10, _bcrypt.Count);
        Assert.Null(SetCookie.Find(refused.Headers, AuthClient.CookieName));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task UsernameAndEmail_CountAgainstOneAccount()
    {
        await FailAsync("alice@example.com", 5);
        await FailAsync("alice", 5);

        var refused = await AuthClient.ApiLoginAsync(_client, "ALICE@example.com", "alice-password");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task UnknownAccount_IsLimitedTheSameWay_WithTheSameAnswer()
    {
        await FailAsync("alice@example.com", 10);
        await FailAsync("nobody@example.com", 10);

        var known = await AuthClient.ApiLoginAsync(_client, "alice@example.com", "whatever");
        var unknown = await AuthClient.ApiLoginAsync(_client, "nobody@example.com", "whatever");

        Assert.Equal(HttpStatusCode.TooManyRequests, unknown.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(known.Headers.RetryAfter, unknown.Headers.RetryAfter);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(20, _bcrypt.Count);
    }

    [Fact]
    public async Task TheWindowPassing_Unlocks()
    {
        await FailAsync("alice@example.com", 10);
        _app.Time.Advance(TimeSpan.FromSeconds(899));
        var stillRefused = await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password");
        Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), stillRefused.Headers.RetryAfter?.Delta);

        _app.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password")).StatusCode);
    }

    [Fact]
    public async Task GoodLogin_ClearsTheAccountsFailures()
    {
        await FailAsync("alice@example.com", 9);
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password")).StatusCode);

        await FailAsync("alice@example.com", 10);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AuthClient.ApiLoginAsync(_client, "alice@example.com", "x")).StatusCode);
    }

    [Fact]
    public async Task OneLockedAccount_LeavesTheOthersAlone()
    {
        await FailAsync("alice@example.com", 10);

        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(_client, "bob@example.com", "bob-password")).StatusCode);
    }

    [Fact]
    public async Task ConcurrentGuesses_NeverGetPastTheLimit()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            AuthClient.ApiLoginAsync(_client, "alice@example.com", $"guess-{i}")));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(30, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(10, _bcrypt.Count);
    }

    private async Task FailAsync(string login, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var response = await AuthClient.ApiLoginAsync(_client, login, $"wrong-{i}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }
}

/// <summary>Counts in this process (<c>Auth:Lockout:Store=Process</c>).</summary>
public sealed class InProcessLoginThrottleTests(RedisServerFixture redis)
    : LoginThrottleTests(redis, "db", new() { ["Auth:Lockout:Store"] = "Process" });

/// <summary>Counts in the app's SQLite database (<c>DatabaseLoginFailures</c>): the default on every engine but redis.</summary>
public sealed class DatabaseLoginThrottleTests(RedisServerFixture redis) : LoginThrottleTests(redis, "db");

/// <summary>Counts in the database on the cache engine too: the database is shared even when sessions are not.</summary>
public sealed class CacheEngineDatabaseLoginThrottleTests(RedisServerFixture redis) : LoginThrottleTests(redis, "cache");

/// <summary>Counts in PostgreSQL (<c>DatabaseLoginFailures</c> under a transaction advisory lock per partition).</summary>
public sealed class PostgreSqlLoginThrottleTests(RedisServerFixture redis, PostgresTestDatabase database)
    : LoginThrottleTests(redis, "db", new()
    {
        ["Database:Provider"] = "PostgreSQL",
        ["ConnectionStrings:Default"] = database.ConnectionString,
    }), IClassFixture<PostgresTestDatabase>
{
    // One database for the class: each test starts with no counted failures.
    protected override Task BeforeEachAsync() => database.ScalarAsync("DELETE FROM login_failures");
}

/// <summary>Counts in Redis (<c>SharedLoginFailures</c>), on the app's clock: the same limits, window and refunds.</summary>
public sealed class RedisLoginThrottleTests(RedisServerFixture redis) : LoginThrottleTests(redis, "redis");
