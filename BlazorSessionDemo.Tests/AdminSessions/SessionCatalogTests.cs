using DjangoSessions.Catalog;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>The EF catalog itself: what a save, a touch, an end and an expiry do to the entry and which event each announces.</summary>
public class SessionCatalogTests : IDisposable
{
    private readonly CatalogTestBed _bed;

    public SessionCatalogTests()
        : this(new CatalogTestBed())
    {
    }

    /// <summary>The same tests on another database (<see cref="PostgreSqlSessionCatalogTests"/>).</summary>
    protected SessionCatalogTests(CatalogTestBed bed) => _bed = bed;

    public void Dispose()
    {
        _bed.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task RecordSave_Create_AddsEntryKnownByFingerprint_AndAnnouncesCreated()
    {
        var key = SessionKeys.Generate();

        await _bed.CreateAsync(key, "7", TimeSpan.FromMinutes(5));

        var entry = Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items);
        Assert.Equal(SessionFingerprint.Of(key), entry.Fingerprint);
        Assert.Equal(12, entry.Fingerprint.Length);
        Assert.DoesNotContain(key, entry.ToString());
        Assert.Equal("7", entry.UserId);
        Assert.Equal("203.0.113.7", entry.IpAddress);
        Assert.Equal("Chrome on Linux", entry.Device);
        Assert.Equal(_bed.Time.GetUtcNow(), entry.Created);
        Assert.Equal(_bed.Time.GetUtcNow().AddMinutes(5), entry.ExpireDate);
        var created = Assert.Single(_bed.Announced);
        Assert.Equal(new SessionEvent(SessionEventKind.Created, entry.Fingerprint, "7"), created);
    }

    [Fact]
    public async Task List_ByUserName_OrdersByName_NotById_AndPagesByKeyset()
    {
        // Ids in the opposite order of the names, and a name shared by two sessions: the id breaks the tie.
        var zoe = SessionKeys.Generate();
        var adam = SessionKeys.Generate();
        var adamAgain = SessionKeys.Generate();
        var anonymous = SessionKeys.Generate();
        await _bed.CreateAsync(zoe, "1", TimeSpan.FromMinutes(5), userName: "zoe");
        await _bed.CreateAsync(adam, "2", TimeSpan.FromMinutes(5), userName: "adam");
        await _bed.CreateAsync(adamAgain, "2", TimeSpan.FromMinutes(5), userName: "adam");
        await _bed.CreateAsync(anonymous, null, TimeSpan.FromMinutes(5), userName: "not-recorded");

        var all = (await _bed.Catalog.ListAsync(new SessionQuery(SessionSortColumn.UserName, Descending: false))).Items;
        var paged = new List<SessionCatalogEntry>();
        SessionCatalogEntry? after = null;
        for (var i = 0; i < 4; i++)
        {
            var page = (await _bed.Catalog.ListAsync(new SessionQuery(SessionSortColumn.UserName, Descending: false, Take: 1, After: after))).Items;
            after = Assert.Single(page);
            paged.Add(after);
        }

        string[] expected = [SessionFingerprint.Of(anonymous), SessionFingerprint.Of(adam), SessionFingerprint.Of(adamAgain), SessionFingerprint.Of(zoe)];
        Assert.Equal(expected, all.Select(e => e.Fingerprint));
        Assert.Equal(expected, paged.Select(e => e.Fingerprint));
        Assert.Equal([null, "adam", "adam", "zoe"], all.Select(e => e.UserName));
        var descending = (await _bed.Catalog.ListAsync(new SessionQuery(SessionSortColumn.UserName, Descending: true))).Items;
        Assert.Equal(expected.Reverse(), descending.Select(e => e.Fingerprint));
    }

    [Fact]
    public async Task RecordSave_Update_KeepsCreated_MovesExpiryAndUser_AndAnnouncesActivity()
    {
        var key = SessionKeys.Generate();
        await _bed.CreateAsync(key, null, TimeSpan.FromMinutes(5));
        var created = _bed.Time.GetUtcNow();
        _bed.Time.Advance(TimeSpan.FromMinutes(2));

        await _bed.Catalog.RecordSaveAsync(new SessionSaveRecord(key, key, "db", "42", _bed.Time.GetUtcNow().AddMinutes(5),
            Created: false, SessionClientInfo.Unknown));

        var entry = Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items);
        Assert.Equal(created, entry.Created);
        Assert.Equal(_bed.Time.GetUtcNow(), entry.LastActivity);
        Assert.Equal(_bed.Time.GetUtcNow().AddMinutes(5), entry.ExpireDate);
        Assert.Equal("42", entry.UserId);
        Assert.Equal("203.0.113.7", entry.IpAddress);
        Assert.Equal(SessionEventKind.Activity, _bed.Announced[^1].Kind);
    }

    [Fact]
    public async Task RecordSave_UpdateOfSessionUnknownToTheCatalog_AddsIt()
    {
        var key = SessionKeys.Generate();

        await _bed.Catalog.RecordSaveAsync(new SessionSaveRecord(key, key, "db", null, _bed.Time.GetUtcNow().AddHours(1),
            Created: false, SessionClientInfo.Unknown));

        var entry = Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items);
        Assert.Null(entry.UserId);
        Assert.Null(entry.IpAddress);
    }

    [Fact]
    public async Task Touch_UpdatesActivityAndClient_ButNeverAddsAnEntry()
    {
        var key = SessionKeys.Generate();
        await _bed.CreateAsync(key, "1", TimeSpan.FromHours(1));
        _bed.Time.Advance(TimeSpan.FromMinutes(3));
        var firefox = new SessionClientInfo("198.51.100.1", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0");

        Assert.True(await _bed.Catalog.TouchAsync(key, firefox));
        Assert.False(await _bed.Catalog.TouchAsync(SessionKeys.Generate(), firefox));

        var entry = Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items);
        Assert.Equal(_bed.Time.GetUtcNow(), entry.LastActivity);
        Assert.Equal("Firefox on Windows", entry.Device);
        Assert.Equal("198.51.100.1", entry.IpAddress);
    }

    [Fact]
    public async Task Remove_ForgetsTheEntry_AndAnnouncesTheEndWithItsReasonAndUser()
    {
        var key = SessionKeys.Generate();
        await _bed.CreateAsync(key, "5", TimeSpan.FromHours(1));

        await _bed.Catalog.RemoveAsync(key, SessionEndReason.Revoked);

        Assert.Equal(0, (await _bed.Catalog.ListAsync(new SessionQuery())).Total);
        Assert.False(await _bed.Catalog.ContainsFingerprintAsync(SessionFingerprint.Of(key)));
        Assert.Equal(new SessionEvent(SessionEventKind.Ended, SessionFingerprint.Of(key), "5", SessionEndReason.Revoked), _bed.Announced[^1]);
    }

    [Fact]
    public async Task Remove_OfASessionTheCatalogNeverSaw_StillAnnouncesTheEnd()
    {
        var key = SessionKeys.Generate();

        await _bed.Catalog.RemoveAsync(key, SessionEndReason.Deleted);

        var ended = Assert.Single(_bed.Announced);
        Assert.True(ended.IsEnd);
        Assert.Equal(SessionFingerprint.Of(key), ended.Fingerprint);
    }

    [Fact]
    public async Task RemoveExpired_TakesOnlySessionsPastTheirExpiry_AndAnnouncesEachAsExpired()
    {
        var soon = SessionKeys.Generate();
        var later = SessionKeys.Generate();
        await _bed.CreateAsync(soon, "1", TimeSpan.FromMinutes(5));
        await _bed.CreateAsync(later, "2", TimeSpan.FromMinutes(10));
        _bed.Announced.Clear();

        Assert.Equal(0, await _bed.Catalog.RemoveExpiredAsync());
        _bed.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await _bed.Catalog.RemoveExpiredAsync());

        var left = Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items);
        Assert.Equal(SessionFingerprint.Of(later), left.Fingerprint);
        Assert.Equal(new SessionEvent(SessionEventKind.Expired, SessionFingerprint.Of(soon), "1", SessionEndReason.Expired),
            Assert.Single(_bed.Announced));
    }

    [Fact]
    public async Task FindHandles_GiveTheKeyToEndWith_OnlyOnTheServerSide()
    {
        var key = SessionKeys.Generate();
        await _bed.CreateAsync(key, "9", TimeSpan.FromHours(1));
        var entry = Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items);

        var handle = Assert.Single(await _bed.Catalog.FindHandlesAsync([entry.Id]));
        var ofUser = Assert.Single(await _bed.Catalog.FindHandlesOfUserAsync("9"));

        Assert.Equal(key, handle.SessionKey);
        Assert.Equal(handle, ofUser);
        Assert.Empty(await _bed.Catalog.FindHandlesOfUserAsync("10"));
    }

    [Fact]
    public async Task Reset_DropsOtherEnginesEntries_AndEverythingOfAnEngineThatLosesSessionsOnRestart()
    {
        await _bed.CreateAsync(SessionKeys.Generate(), "1", TimeSpan.FromHours(1), engine: "db");
        await _bed.CreateAsync(SessionKeys.Generate(), "2", TimeSpan.FromHours(1), engine: "file");

        Assert.Equal(1, await _bed.Catalog.ResetAsync("db", engineLosesSessionsOnRestart: false));
        Assert.Equal("db", Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items).Engine);
        Assert.Equal(1, await _bed.Catalog.ResetAsync("db", engineLosesSessionsOnRestart: true));
        Assert.Equal(0, (await _bed.Catalog.ListAsync(new SessionQuery())).Total);
    }

    [Fact]
    public async Task List_FiltersByUser_AndCountsTheFilteredSet()
    {
        await _bed.CreateAsync(SessionKeys.Generate(), "1", TimeSpan.FromHours(1));
        await _bed.CreateAsync(SessionKeys.Generate(), "2", TimeSpan.FromHours(1));
        await _bed.CreateAsync(SessionKeys.Generate(), "2", TimeSpan.FromHours(1));
        await _bed.CreateAsync(SessionKeys.Generate(), null, TimeSpan.FromHours(1));

        var page = await _bed.Catalog.ListAsync(new SessionQuery(UserId: "2"));

        Assert.Equal(2, page.Total);
        Assert.All(page.Items, e => Assert.Equal("2", e.UserId));
        Assert.Equal(4, (await _bed.Catalog.ListAsync(new SessionQuery())).Total);
    }
}
