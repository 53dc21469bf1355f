using DjangoSessions.Signing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Interop;

/// <summary>
/// <c>set_expiry(datetime)</c> stores <c>_session_expiry</c> as Django 4.1+ does, with Python's
/// <c>datetime.isoformat()</c>: seconds only when the microsecond is 0, six digits otherwise, <c>+00:00</c>. Compared
/// byte for byte with Python's own output; both that form and the older always-six-digits form are read back.
/// </summary>
public sealed class ExpiryIsoFormatTests
{
    private static readonly DateTimeOffset Whole = new(2026, 3, 4, 7, 26, 53, TimeSpan.Zero);

    /// <summary>No microseconds, a few, all six digits, a sub-microsecond tail (truncated), another offset, midnight.</summary>
    private static readonly DateTimeOffset[] Instants =
    [
        Whole,
        Whole.AddTicks(1_200),
        Whole.AddTicks(9_999_990),
        Whole.AddTicks(1_234_567),
        new DateTimeOffset(2026, 3, 4, 9, 26, 53, TimeSpan.FromHours(2)),
        new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(10),
    ];

    private readonly FakeTimeProvider _time = new(Whole);

    [Fact]
    public async Task SetExpiry_Date_StoresPythonsIsoformat_ByteForByte()
    {
        var python = await DjangoFormatsPeer.IsoFormatAsync(Instants);

        var stored = new List<string>();
        foreach (var instant in Instants)
        {
            var session = await NewSessionAsync();
            session.SetExpiry(instant);
            stored.Add(session.Get<string>(DjangoSession.ExpiryKey)!);
        }

        Assert.Equal(python, stored);
        Assert.Equal("2026-03-04T07:26:53+00:00", stored[0]);
        Assert.Equal("2026-03-04T07:26:53.000120+00:00", stored[1]);
    }

    [Fact]
    public async Task SetExpiry_TimeSpan_FromAWholeSecond_StoresNoMicroseconds()
    {
        var session = await NewSessionAsync();

        session.SetExpiry(TimeSpan.FromMinutes(5));

        Assert.Equal("2026-03-04T07:31:53+00:00", session.Get<string>(DjangoSession.ExpiryKey));
    }

    [Theory]
    [InlineData("2026-03-04T07:26:53+00:00", 0)]
    [InlineData("2026-03-04T07:26:53.000000+00:00", 0)]
    [InlineData("2026-03-04T07:26:53.000120+00:00", 1_200)]
    public async Task StoredDate_EitherForm_IsReadAsTheSameInstant(string stored, long ticks)
    {
        var session = await NewSessionAsync();

        session[DjangoSession.ExpiryKey] = stored;

        Assert.Equal(Whole.AddTicks(ticks), session.GetExpiryDate());
    }

    [Fact]
    public async Task SetExpiry_Date_SavedAndLoaded_KeepsTheMicroseconds()
    {
        var engine = Engine();
        var session = new DjangoSession(engine, new DjangoSessionSettings { Secrets = { SecretKey = SessionTestSecret } }, _time);
        await session.LoadAsync();
        session["h1"] = "x";
        session.SetExpiry(Whole.AddDays(1).AddTicks(1_200));
        await session.SaveAsync();

        var loaded = new DjangoSession(engine, new DjangoSessionSettings { Secrets = { SecretKey = SessionTestSecret } }, _time, session.SessionKey);
        await loaded.LoadAsync();

        Assert.Equal("2026-03-05T07:26:53.000120+00:00", loaded.Get<string>(DjangoSession.ExpiryKey));
        Assert.Equal(Whole.AddDays(1).AddTicks(1_200), loaded.GetExpiryDate());
    }

    private const string SessionTestSecret = "expiry-isoformat-tests-secret-0123456789-abcdefgh";

    private CacheSessionEngine Engine() => new(
        new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())),
        new SessionDataCodec(new DjangoSigner(SessionTestSecret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance),
        _time);

    private async Task<DjangoSession> NewSessionAsync()
    {
        var session = new DjangoSession(Engine(), new DjangoSessionSettings { Secrets = { SecretKey = SessionTestSecret } }, _time);
        await session.LoadAsync();
        return session;
    }
}
