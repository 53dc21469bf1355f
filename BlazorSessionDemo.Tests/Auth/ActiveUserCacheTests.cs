using System.Globalization;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Hashers;
using BlazorSessionDemo.Data;
using BlazorSessionDemo.Tests.Components;
using DjangoSessions.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// The per-process cache of active users (issue 16): on a real SQLite file, with time under the test's control. A
/// change made through <see cref="UserAccounts"/> or announced on the event bus is seen at once; a change nobody
/// announced (SQL, a Django site) only when the entry expires.
/// </summary>
public sealed class ActiveUserCacheTests : IDisposable
{
    private const int Seconds = 5;
    private readonly ComponentStore store = new();
    private readonly InProcessSessionEventBus bus = new(NullLogger<InProcessSessionEventBus>.Instance);
    private readonly List<SessionEvent> heard = [];
    private readonly IDisposable listening;
    private readonly ActiveUserCache cache;
    private readonly UserAccounts accounts;

    public ActiveUserCacheTests()
    {
        listening = bus.Subscribe(heard.Add);
        (cache, accounts) = Build(Seconds);
    }

    public void Dispose()
    {
        listening.Dispose();
        cache.Dispose();
        store.Dispose();
    }

    [Fact]
    public async Task CachedUser_IsServedWithoutReadingTheTable_UntilTheEntryExpires()
    {
        var user = await CreateAsync("erin");
        Assert.NotNull(await accounts.FindActiveCachedAsync(user.Id));

        await SetActiveBehindTheAppsBackAsync(user.Id, active: false);

        store.Time.Advance(TimeSpan.FromSeconds(Seconds) - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await accounts.FindActiveCachedAsync(user.Id));
        store.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await accounts.FindActiveCachedAsync(user.Id));
    }

    [Fact]
    public async Task DeactivatedThroughTheApp_IsGoneFromTheCacheAtOnce_AndTheOtherNodesAreTold()
    {
        var user = await CreateAsync("erin");
        await accounts.FindActiveCachedAsync(user.Id);
        heard.Clear();

        Assert.True(await accounts.SetActiveAsync(user.Id, active: false));

        Assert.Null(await accounts.FindActiveCachedAsync(user.Id));
        AssertAccountChanged(user.Id, Assert.Single(heard));
    }

    [Fact]
    public async Task DeletedThroughTheApp_IsGoneFromTheCacheAtOnce_AndTheOtherNodesAreTold()
    {
        var user = await CreateAsync("erin");
        await accounts.FindActiveCachedAsync(user.Id);
        heard.Clear();

        Assert.True(await accounts.DeleteAsync(user.Id));

        Assert.Null(await accounts.FindActiveCachedAsync(user.Id));
        AssertAccountChanged(user.Id, Assert.Single(heard));
    }

    [Fact]
    public async Task PasswordSetThroughTheApp_TheNextLookupHasTheNewHash()
    {
        var user = await CreateAsync("erin");
        var before = (await accounts.FindActiveCachedAsync(user.Id))!.User.PasswordHash;
        heard.Clear();

        var updated = await accounts.SetPasswordAsync(user.Id, "a-second-password-for-erin");

        Assert.NotEqual(before, updated!.PasswordHash);
        Assert.Equal(updated.PasswordHash, (await accounts.FindActiveCachedAsync(user.Id))!.User.PasswordHash);
        AssertAccountChanged(user.Id, Assert.Single(heard));
    }

    [Fact]
    public async Task EveryWriteAuthenticationReads_IsAnnounced_LastLoginAloneIsNot()
    {
        var user = await CreateAsync("erin");
        Assert.NotNull(await accounts.AuthenticateAsync("erin", "erin-password-0123"));
        Assert.Empty(heard);

        await accounts.SetPasswordAsync(user.Id, "a-second-password-for-erin");
        await accounts.SetActiveAsync(user.Id, active: true);
        await accounts.DeleteAsync(user.Id);

        Assert.Equal(3, heard.Count);
        Assert.All(heard, e => AssertAccountChanged(user.Id, e));
    }

    [Fact]
    public async Task LoginThatRehashesThePassword_DropsTheOldHash_AndIsAnnounced()
    {
        var user = await CreateAsync("erin");
        var before = (await accounts.FindActiveCachedAsync(user.Id))!.User.PasswordHash;
        // The configured cost went up since erin's hash was made: her next login stores a new hash.
        var costlier = new UserAccounts(store.Contexts, new DjangoPasswordHasher(Options.Create(new AuthSettings { BcryptWorkFactor = 11 })),
            time: store.Time, cache: cache);

        var loggedIn = await costlier.AuthenticateAsync("erin", "erin-password-0123");

        Assert.NotEqual(before, loggedIn!.PasswordHash);
        Assert.Equal(loggedIn.PasswordHash, (await accounts.FindActiveCachedAsync(user.Id))!.User.PasswordHash);
        AssertAccountChanged(user.Id, Assert.Single(heard));
    }

    [Fact]
    public async Task AccountChangedFromAnotherNode_DropsTheEntry()
    {
        var user = await CreateAsync("erin");
        await accounts.FindActiveCachedAsync(user.Id);
        await SetActiveBehindTheAppsBackAsync(user.Id, active: false);

        bus.Publish(new SessionEvent(SessionEventKind.AccountChanged, "", user.Id.ToString(CultureInfo.InvariantCulture)));

        Assert.Null(await accounts.FindActiveCachedAsync(user.Id));
    }

    [Fact]
    public async Task AccountChangedNamingNoUserId_DropsEveryEntry()
    {
        var erin = await CreateAsync("erin");
        var frank = await CreateAsync("frank");
        await accounts.FindActiveCachedAsync(erin.Id);
        await accounts.FindActiveCachedAsync(frank.Id);
        await SetActiveBehindTheAppsBackAsync(erin.Id, active: false);
        await SetActiveBehindTheAppsBackAsync(frank.Id, active: false);

        bus.Publish(new SessionEvent(SessionEventKind.AccountChanged, "", "not-an-id"));

        Assert.Null(await accounts.FindActiveCachedAsync(erin.Id));
        Assert.Null(await accounts.FindActiveCachedAsync(frank.Id));
    }

    [Fact]
    public async Task SessionEvents_LeaveTheCacheAlone()
    {
        var user = await CreateAsync("erin");
        await accounts.FindActiveCachedAsync(user.Id);
        await SetActiveBehindTheAppsBackAsync(user.Id, active: false);
        var id = user.Id.ToString(CultureInfo.InvariantCulture);

        bus.Publish(new SessionEvent(SessionEventKind.Ended, "fingerprint", id, SessionEndReason.Revoked));
        bus.Publish(new SessionEvent(SessionEventKind.Created, "fingerprint", id));

        Assert.NotNull(await accounts.FindActiveCachedAsync(user.Id));
    }

    [Fact]
    public async Task ARowReadBeforeAChange_IsNotKeptAfterIt()
    {
        var user = await CreateAsync("erin");
        // A lookup reads the row, then the account changes (and is announced) before the lookup stores what it read.
        var generation = cache.Generation;
        var read = await accounts.FindActiveAsync(user.Id);
        await accounts.SetActiveAsync(user.Id, active: false);

        Assert.NotNull(cache.Store(user.Id, read, generation));

        Assert.Null(cache.Find(user.Id));
        Assert.Null(await accounts.FindActiveCachedAsync(user.Id));
    }

    [Fact]
    public async Task WithoutAnEventBus_AChangeOnThisNode_IsStillSeenAtOnce()
    {
        // A bus that spans nodes may hand this node its own event later, or not at all: the node that writes must not wait for it.
        using var alone = new ActiveUserCache(Options.Create(new AuthSettings { UserCacheSeconds = Seconds }), store.Time);
        var aloneAccounts = new UserAccounts(store.Contexts, new DjangoPasswordHasher(Options.Create(new AuthSettings { BcryptWorkFactor = 10 })),
            time: store.Time, cache: alone);
        var user = await CreateAsync("erin");
        Assert.NotNull(await aloneAccounts.FindActiveCachedAsync(user.Id));

        await aloneAccounts.SetActiveAsync(user.Id, active: false);

        Assert.Null(await aloneAccounts.FindActiveCachedAsync(user.Id));
    }

    [Fact]
    public async Task ZeroSeconds_KeepsNothing()
    {
        var (off, offAccounts) = Build(0);
        using (off)
        {
            var user = await CreateAsync("erin");
            Assert.NotNull(await offAccounts.FindActiveCachedAsync(user.Id));

            await SetActiveBehindTheAppsBackAsync(user.Id, active: false);

            Assert.False(off.Enabled);
            Assert.Null(await offAccounts.FindActiveCachedAsync(user.Id));
        }
    }

    private (ActiveUserCache Cache, UserAccounts Accounts) Build(int seconds)
    {
        var built = new ActiveUserCache(Options.Create(new AuthSettings { UserCacheSeconds = seconds }), store.Time, bus);
        var hasher = new DjangoPasswordHasher(Options.Create(new AuthSettings { BcryptWorkFactor = 10 }));
        return (built, new UserAccounts(store.Contexts, hasher, time: store.Time, cache: built));
    }

    private async Task<User> CreateAsync(string username)
    {
        var created = await accounts.CreateAsync(username, $"{username}@example.com", $"{username}-password-0123", isStaff: false);
        Assert.Null(created.Error);
        return created.User!;
    }

    private async Task SetActiveBehindTheAppsBackAsync(long id, bool active)
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, active)));
    }

    private static void AssertAccountChanged(long userId, SessionEvent sessionEvent)
    {
        Assert.Equal(SessionEventKind.AccountChanged, sessionEvent.Kind);
        Assert.Equal("", sessionEvent.Fingerprint);
        Assert.Equal(userId.ToString(CultureInfo.InvariantCulture), sessionEvent.UserId);
        Assert.False(sessionEvent.IsEnd);
    }
}
