using System.Globalization;
using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Interop;

/// <summary>
/// This app and a real Django 3.2 app (<see cref="DjangoPeer"/>) on one SQLite <c>django_session</c> table and one
/// SECRET_KEY: each reads what the other wrote, and both agree on expiry and on foreign (wrongly signed) data.
/// <see cref="PostgreSqlDjangoInteropTests"/> runs the same on PostgreSQL.
/// </summary>
public class DjangoInteropTests : IAsyncLifetime
{
    private const string Secret = "interop-test-secret-shared-by-both-apps-0123456789";
    private const string OtherSecret = "interop-test-secret-of-some-other-app-9876543210";

    private readonly SharedSessionDatabase _db;

    public DjangoInteropTests()
        : this(new SharedSessionDatabase())
    {
    }

    protected DjangoInteropTests(SharedSessionDatabase db) => _db = db;

    // Whole seconds: the expire_date column keeps microseconds, so the dates compare exactly.
    private static DateTimeOffset Now => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task SessionWrittenByThisApp_IsReadByDjangoWithIdenticalData()
    {
        var session = await SavedSampleSessionAsync();

        var django = await DjangoPeer.ReadAsync(_db.DjangoDatabase, Secret, session.SessionKey!);

        AssertSameData(SampleData(), django["data"]);
        Assert.Equal(session.SessionKey, (string?)django["session_key"]);
        // No _session_expiry in the data: Django falls back to SESSION_COOKIE_AGE, as this app does.
        Assert.Equal(_db.Settings.Cookie.CookieAge, (int?)django["expiry_age"]);
    }

    [Fact]
    public async Task SessionWrittenByDjango_IsLoadedByThisAppWithIdenticalData()
    {
        var key = await DjangoPeer.WriteAsync(_db.DjangoDatabase, Secret, SampleData());

        var session = _db.CreateSession(Secret, new FakeTimeProvider(Now), key);
        await session.LoadAsync();

        // The key is kept only when the row is found, unexpired and correctly signed.
        Assert.Equal(key, session.SessionKey);
        AssertSameData(SampleData(), new JsonObject(session.Items.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));
        Assert.Equal(42, session.Get<int>("user_id"));
        Assert.Equal(9007199254740993L, session.Get<long>("big_int"));
        Assert.Equal("h\u00e9llo \u4e2d\u6587 \U0001F600 \"q\" back\\slash\nline", session.Get<string>("text"));
        Assert.True(session.Get<bool>("is_login"));
        Assert.Null(session["nothing"]);
    }

    [Fact]
    public async Task SetExpiry300_WrittenByThisApp_IsAnUnexpiredSessionForDjango()
    {
        var now = Now;
        var session = await SavedExpiringSessionAsync(now);

        var django = await DjangoPeer.ReadAsync(_db.DjangoDatabase, Secret, session.SessionKey!);

        Assert.True((bool?)django["exists"], django.ToJsonString());
        AssertSameData(new JsonObject { ["user_id"] = 7, [DjangoSession.ExpiryKey] = 300 }, django["data"]);
        Assert.Equal(session.SessionKey, (string?)django["session_key"]);
        // Django reads the expire_date text this app wrote as the same instant, and _session_expiry as 300 s.
        Assert.Equal(now.AddSeconds(300), ParseDate(django["expire_date"]));
        Assert.Equal(300, (int?)django["expiry_age"]);
    }

    [Fact]
    public async Task SessionExpiredByThisAppsClock_IsNotLoadedByDjango()
    {
        var yesterday = Now.AddDays(-1);
        var session = await SavedExpiringSessionAsync(yesterday);

        var django = await DjangoPeer.ReadAsync(_db.DjangoDatabase, Secret, session.SessionKey!);

        // The row is there (exists() ignores expiry) with an expire_date in the past...
        Assert.True((bool?)django["exists"], django.ToJsonString());
        Assert.Equal(yesterday.AddSeconds(300), ParseDate(django["expire_date"]));
        // ...so _get_session_from_db (expire_date__gt=now) finds nothing: empty data and the key dropped.
        AssertSameData(new JsonObject(), django["data"]);
        Assert.Null(django["session_key"]);
    }

    [Fact]
    public async Task SessionSignedWithAnotherSecret_LoadsEmptyInDjango()
    {
        var session = await SavedSampleSessionAsync();

        var foreign = await DjangoPeer.ReadAsync(_db.DjangoDatabase, OtherSecret, session.SessionKey!);
        var shared = await DjangoPeer.ReadAsync(_db.DjangoDatabase, Secret, session.SessionKey!);

        // Django 3.2's decode(): a bad signature is "Session data corrupted" -> {} (the key stays, the row is live).
        AssertSameData(new JsonObject(), foreign["data"]);
        Assert.Equal(session.SessionKey, (string?)foreign["session_key"]);
        // Same row, right secret: the data is there, so only the secret made the difference.
        AssertSameData(SampleData(), shared["data"]);
    }

    [Fact]
    public async Task SessionWrittenByDjangoWithAnotherSecret_LoadsEmptyInThisAppWithSecurityWarning()
    {
        var key = await DjangoPeer.WriteAsync(_db.DjangoDatabase, OtherSecret, SampleData());
        using var log = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([log]);

        var session = _db.CreateSession(Secret, new FakeTimeProvider(Now), key, loggers);
        await session.LoadAsync();

        Assert.Equal(0, session.Count);
        // As in Django, corrupt data keeps the key: the row exists, only its content is unusable.
        Assert.Equal(key, session.SessionKey);
        Assert.Contains(log.Entries, e => e.Category == SessionDataCodec.SecurityLogCategory && e.Level == LogLevel.Warning);
    }

    /// <summary>Unicode (BMP and astral), escapes, ints past 2^53, bools, null, nested objects and arrays.</summary>
    private static JsonObject SampleData() => new()
    {
        ["text"] = "h\u00e9llo \u4e2d\u6587 \U0001F600 \"q\" back\\slash\nline",
        ["user_id"] = 42,
        ["big_int"] = 9007199254740993L,
        ["negative"] = -7,
        ["is_login"] = true,
        ["is_staff"] = false,
        ["nothing"] = null,
        ["nested"] = new JsonObject
        {
            ["list"] = new JsonArray(1, "two", null, true, new JsonObject { ["deep"] = "\u00fc" }),
            ["empty_object"] = new JsonObject(),
            ["empty_list"] = new JsonArray(),
        },
    };

    /// <summary>Same keys in the same order with the same values: compared as Django's serializer would write them.</summary>
    private static void AssertSameData(JsonObject expected, JsonNode? actual)
    {
        var actualObject = Assert.IsType<JsonObject>(actual);
        Assert.True(JsonNode.DeepEquals(expected, actualObject), $"expected {expected.ToJsonString()}\nactual {actualObject.ToJsonString()}");
        Assert.Equal(PythonJson.Serialize(expected), PythonJson.Serialize(actualObject));
    }

    private static DateTimeOffset ParseDate(JsonNode? isoDate) =>
        DateTimeOffset.Parse(isoDate?.GetValue<string>() ?? throw new InvalidOperationException("Django returned no expire_date."),
            CultureInfo.InvariantCulture);

    /// <summary><see cref="SampleData"/> saved by this app in a new session, on the real clock's current second.</summary>
    private async Task<DjangoSession> SavedSampleSessionAsync()
    {
        var session = _db.CreateSession(Secret, new FakeTimeProvider(Now));
        await session.LoadAsync();
        session.Update(SampleData());
        await session.SaveAsync();
        return session;
    }

    /// <summary>A session saved by this app at <paramref name="now"/> with user_id 7 and <c>set_expiry(300)</c>.</summary>
    private async Task<DjangoSession> SavedExpiringSessionAsync(DateTimeOffset now)
    {
        var session = _db.CreateSession(Secret, new FakeTimeProvider(now));
        await session.LoadAsync();
        session["user_id"] = 7;
        session.SetExpiry(300);
        await session.SaveAsync();
        return session;
    }
}
