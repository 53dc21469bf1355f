using System.Globalization;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Data;
using DjangoSessions.Signing;
using BlazorSessionDemo.Tests.Interop;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// cached_db's database side is Django's table: a real Django 3.2 app (<see cref="DjangoPeer"/>, db engine) on the
/// same SQLite file and SECRET_KEY reads what cached_db wrote, and cached_db loads what Django wrote.
/// </summary>
public sealed class CachedDbDjangoInteropTests : IAsyncLifetime
{
    private const string Secret = "interop-test-secret-shared-by-both-apps-0123456789";

    private readonly SharedSessionDatabase _db = new();
    private readonly IndexedMemoryCache _cache;

    // Django reads the real clock; whole seconds, so dates compare exactly with what Django prints.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public CachedDbDjangoInteropTests()
    {
        _cache = new IndexedMemoryCache(_time);
    }

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task SessionSavedByCachedDb_IsReadByDjangoWithIdenticalData()
    {
        var session = NewSession();
        await session.LoadAsync();
        session.Update(SampleData());
        await session.SaveAsync();

        var django = await DjangoPeer.ReadAsync(_db.FilePath, Secret, session.SessionKey!);

        Assert.Equal(session.SessionKey, (string?)django["session_key"]);
        Assert.True(JsonNode.DeepEquals(SampleData(), django["data"]), django.ToJsonString());
        Assert.Equal(session.GetExpiryDate(), ParseDate(django["expire_date"]));
    }

    [Fact]
    public async Task SessionWrittenByDjango_IsLoadedByCachedDb_AndCachedUntilTheRowsExpireDate()
    {
        var key = await DjangoPeer.WriteAsync(_db.FilePath, Secret, SampleData());
        var rowExpires = ParseDate((await DjangoPeer.ReadAsync(_db.FilePath, Secret, key))["expire_date"]);
        Assert.Equal(0, await _cache.CountAsync(CacheSessionEngine.CachedDbKeyPrefix));

        var session = NewSession(key);
        await session.LoadAsync();

        Assert.Equal(key, session.SessionKey);
        Assert.Equal(42, session.Get<int>("user_id"));
        Assert.Equal("alice", session.Get<string>("username"));
        var cached = JsonNode.Parse((await _cache.GetAsync(CacheSessionEngine.CachedDbKeyPrefix + key))!)!;
        Assert.Equal(rowExpires, cached["expire_date"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task SessionFlushedByCachedDb_IsGoneForDjango()
    {
        var session = NewSession();
        await session.LoadAsync();
        session.Update(SampleData());
        await session.SaveAsync();
        var key = session.SessionKey!;

        await session.FlushAsync();

        var django = await DjangoPeer.ReadAsync(_db.FilePath, Secret, key);
        Assert.False((bool?)django["exists"]);
        Assert.Null(django["session_key"]);
    }

    private DjangoSession NewSession(string? key = null)
    {
        var codec = new SessionDataCodec(new DjangoSigner(Secret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance);
        var engine = new CachedDbSessionEngine<AppDbContext>(_cache, _db.CreateEngine(Secret, _time), codec, _time,
            NullLogger<CachedDbSessionEngine<AppDbContext>>.Instance);
        return new DjangoSession(engine, _db.Settings, _time, key);
    }

    private static JsonObject SampleData() => new()
    {
        ["user_id"] = 42,
        ["username"] = "alice",
        ["user_info"] = "**42 alice alice@example.com",
        ["is_login"] = true,
    };

    private static DateTimeOffset ParseDate(JsonNode? isoDate) =>
        DateTimeOffset.Parse(isoDate?.GetValue<string>() ?? throw new InvalidOperationException("Django returned no expire_date."),
            CultureInfo.InvariantCulture);
}
