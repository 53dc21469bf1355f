
namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// Nothing lost under concurrency (issue 6): requests that loaded the same session and change different keys all keep
/// their changes; requests that change the same key from the same value never both "win" — all but one get
/// <see cref="SessionConflictException"/> and store nothing. Django and ASP.NET Core's session lose these (last write wins).
/// </summary>
public abstract partial class ServerSideSessionEngineContractTests
{
    [Fact]
    public async Task Save_50ConcurrentRequestsEachSettingTheirOwnKey_KeepsAll50()
    {
        var key = (await SaveNewSessionAsync(("base", 1))).SessionKey!;
        // Every "request" loads before any saves, so each save starts from the same, soon stale, data.
        var requests = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => LoadSessionAsync(key)));

        await Task.WhenAll(requests.Select((session, i) => Task.Run(async () =>
        {
            session[$"k{i}"] = i;
            await session.SaveAsync();
        })));

        var stored = await LoadSessionAsync(key);
        Assert.Equal(51, stored.Count);
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(i, stored.Get<int>($"k{i}")));
        Assert.Equal(1, await CountStoredSessionsAsync());
    }

    [Fact]
    public async Task Save_ConcurrentRemoveAndSetOfDifferentKeys_KeepsBoth()
    {
        var key = (await SaveNewSessionAsync(("x", 1), ("y", 2))).SessionKey!;
        var first = await LoadSessionAsync(key);
        var second = await LoadSessionAsync(key);

        first.Remove("x");
        await first.SaveAsync();
        second["z"] = 3;
        await second.SaveAsync();

        var stored = await LoadSessionAsync(key);
        Assert.Equal(["y", "z"], stored.Keys.Order());
    }

    [Fact]
    public async Task Save_100ConcurrentIncrementsOfOneCounter_CounterEqualsTheSavesThatSucceeded()
    {
        var key = (await SaveNewSessionAsync(("n", 0), ("other", "kept"))).SessionKey!;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            var session = await LoadSessionAsync(key);
            session["n"] = session.Get<int>("n") + 1;
            try
            {
                await session.SaveAsync();
                return true;
            }
            catch (SessionConflictException ex)
            {
                Assert.Equal("n", ex.Key);
                return false;
            }
        })));

        // The documented outcome: no increment is lost silently. Each one either counts or was refused (409).
        var stored = await LoadSessionAsync(key);
        var succeeded = outcomes.Count(ok => ok);
        Assert.InRange(succeeded, 1, 100);
        Assert.Equal(succeeded, stored.Get<int>("n"));
        Assert.Equal("kept", stored.Get<string>("other"));
    }

    [Fact]
    public async Task Save_StaleRequestsChangingTheSameKey_OnlyTheFirstSaveWins_OthersConflict()
    {
        var key = (await SaveNewSessionAsync(("n", 0))).SessionKey!;
        var requests = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => LoadSessionAsync(key)));

        var outcomes = new List<bool>();
        foreach (var (session, i) in requests.Select((s, i) => (s, i)))
        {
            session["n"] = i + 1;
            try
            {
                await session.SaveAsync();
                outcomes.Add(true);
            }
            catch (SessionConflictException)
            {
                outcomes.Add(false);
            }
        }

        Assert.Equal([true, .. Enumerable.Repeat(false, 9)], outcomes);
        Assert.Equal(1, (await LoadSessionAsync(key)).Get<int>("n"));
    }

    [Fact]
    public async Task Save_AfterAConcurrentFlush_DoesNotResurrectTheSession()
    {
        var key = (await SaveNewSessionAsync(("user_id", 7))).SessionKey!;
        var stale = await LoadSessionAsync(key);
        var logout = await LoadSessionAsync(key);

        await logout.FlushAsync();
        stale["cart"] = "full";

        await Assert.ThrowsAsync<SessionUpdateException>(() => stale.SaveAsync());
        Assert.Equal(0, await CountStoredSessionsAsync());
    }
}
