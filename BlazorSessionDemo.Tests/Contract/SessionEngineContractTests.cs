using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The engine contract: Django's <c>SessionTestsMixin</c> (tests/sessions_tests/tests.py), ported as behaviours.
/// Every storage engine gets the same tests by adding one subclass that supplies a real store behind the abstract
/// members below; the tests themselves only go through <see cref="DjangoSession"/> and <see cref="ISessionEngine"/>.
/// The tests live in partial files by theme (dict API, values, persistence, keys, expiry, encoding). Engines that keep
/// sessions in a store of their own derive from <see cref="ServerSideSessionEngineContractTests"/>, which adds the
/// checks made by counting stored records; signed_cookies, whose sessions live in browsers, derives from this class.
/// </summary>
public abstract partial class SessionEngineContractTests : IAsyncLifetime, IDisposable
{
    /// <summary>A fixed, test-only SECRET_KEY.</summary>
    protected const string TestSecret = "contract-tests-only-secret-0123456789-abcdefghij";

    /// <summary>A second test-only key: data signed with it must not verify under <see cref="TestSecret"/>.</summary>
    protected const string OtherSecret = "contract-tests-only-other-secret-9876543210-zyx";

    /// <summary>Microseconds on purpose: Django keeps them in stored dates, so must every engine.</summary>
    protected static readonly DateTimeOffset Start =
        new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);

    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The SESSION_* settings every session and engine of the test sees; tests may change them.</summary>
    protected DjangoSessionSettings Settings { get; } = new() { Secrets = { SecretKey = TestSecret } };

    /// <summary>Everything the codec logs, to check Django's <c>django.security.SuspiciousSession</c> warnings.</summary>
    protected CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The engine under test, signing with <see cref="TestSecret"/>.</summary>
    protected ISessionEngine Engine { get; private set; } = null!;

    /// <summary>Creates the empty store (file, database schema, server state) this test instance owns.</summary>
    protected abstract Task InitializeStoreAsync();

    /// <summary>
    /// An engine over this instance's store that signs with <paramref name="secret"/> and also accepts data signed with
    /// <paramref name="fallbacks"/> (SECRET_KEY_FALLBACKS).
    /// </summary>
    protected abstract ISessionEngine CreateEngine(string secret, params string[] fallbacks);

    /// <summary>
    /// Changes one character of the signed data of <paramref name="sessionKey"/> where the engine keeps it, and returns
    /// the key that now names the tampered data: the same key for server-side stores; for signed_cookies, whose key is
    /// the data, the tampered cookie itself.
    /// </summary>
    protected abstract Task<string> TamperStoredDataAsync(string sessionKey);

    /// <summary>The shape of every key the engine issues (Django: 32 chars of [a-z0-9] for server-side stores).</summary>
    protected virtual string IssuedKeyPattern => "^[a-z0-9]{32}$";

    /// <summary>A key of the engine's shape that names no session (never issued, or issued by nobody here).</summary>
    protected virtual string NewUnknownKey() => SessionKeys.Generate();

    /// <summary>
    /// True for stores that drop a session by themselves when it expires (Redis TTLs; Django's cache backend and
    /// django-redis-sessions), whose <c>clear_expired</c> has nothing left to remove and returns 0.
    /// </summary>
    protected virtual bool StoreExpiresSessionsItself => false;

    /// <summary>
    /// Lets <paramref name="by"/> pass for the test: moves <see cref="Time"/>, and a store that expires sessions on its
    /// own clock (which FakeTimeProvider can't reach) overrides this to move that clock by the same amount.
    /// </summary>
    protected virtual Task AdvanceTimeAsync(TimeSpan by)
    {
        Time.Advance(by);
        return Task.CompletedTask;
    }

    /// <summary>Releases the store (deletes files etc.).</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    public async Task InitializeAsync()
    {
        await InitializeStoreAsync();
        Engine = CreateEngine(TestSecret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The session codec as the app builds it, logging into <see cref="Logs"/>.</summary>
    protected SessionDataCodec CreateCodec(string secret, params string[] fallbacks) =>
        new(new DjangoSigner(secret, fallbacks, SessionDataCodec.Salt, Time), new LoggerFactory([Logs]));

    /// <summary><c>SessionStore(session_key)</c>: a per-request session, not loaded yet.</summary>
    protected DjangoSession NewSession(string? sessionKey = null) => new(Engine, Settings, Time, sessionKey);

    /// <summary>A fresh <c>SessionStore(session_key)</c> with its data loaded, as the next request would see it.</summary>
    protected async Task<DjangoSession> LoadSessionAsync(string? sessionKey)
    {
        var session = NewSession(sessionKey);
        await session.LoadAsync();
        return session;
    }

    /// <summary>A new session holding <paramref name="items"/>, saved; returns it with its new key.</summary>
    protected async Task<DjangoSession> SaveNewSessionAsync(params (string Key, JsonNode? Value)[] items)
    {
        var session = await LoadSessionAsync(null);
        foreach (var (key, value) in items)
        {
            session[key] = value;
        }
        await session.SaveAsync();
        return session;
    }

    /// <summary>Saves <paramref name="value"/> under "value" and reads it back through a fresh session.</summary>
    protected async Task<JsonNode?> RoundTripAsync(JsonNode? value)
    {
        var saved = await SaveNewSessionAsync(("value", value));
        var loaded = await LoadSessionAsync(saved.SessionKey);
        Assert.True(loaded.ContainsKey("value"));
        return loaded["value"];
    }
}
