using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Lockout;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// The in-process counts of <see cref="LoginThrottle"/> (<c>Auth:Lockout:Store=Process</c>), driven directly: which
/// partition an attempt draws from, what a refusal or a good login gives back, and the sweep that keeps a flood of
/// made-up usernames from growing memory. Over HTTP the address limit (100) is out of reach of the account tests, so these
/// paths had no test (issue 18's mutation run of <c>Auth/Lockout</c>).
/// </summary>
public sealed class LoginThrottlePartitionTests
{
    private static readonly IPAddress Sprayer = IPAddress.Parse("203.0.113.7");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ByDefault_TheLimitsAreOn_TenFailuresLockAnAccount()
    {
        var throttle = new LoginThrottle(Options.Create(new AuthSettings()), _time);
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await throttle.BeginAsync("alice", Sprayer)).Admitted);
        }

        var refused = await throttle.BeginAsync("alice", Sprayer);

        Assert.False(refused.Admitted);
        Assert.Equal(TimeSpan.FromSeconds(900), refused.RetryAfter);
    }

    [Fact]
    public async Task Disabled_AdmitsEverything()
    {
        var throttle = Throttle(perAccount: 1, perAddress: 1, enabled: false);
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await throttle.BeginAsync("alice", Sprayer)).Admitted);
        }
    }

    [Fact]
    public async Task AnAddressPastItsLimit_IsRefused_WhateverTheAccount_WithTheWaitForItsOldestFailure()
    {
        var throttle = Throttle(perAccount: 10, perAddress: 2);
        Assert.True((await throttle.BeginAsync("alice", Sprayer)).Admitted);
        _time.Advance(TimeSpan.FromSeconds(100));
        Assert.True((await throttle.BeginAsync("bob", Sprayer)).Admitted);

        var refused = await throttle.BeginAsync("carol", Sprayer);

        Assert.False(refused.Admitted);
        Assert.Equal(TimeSpan.FromSeconds(800), refused.RetryAfter);
        Assert.True((await throttle.BeginAsync("carol", IPAddress.Parse("198.51.100.1"))).Admitted);
    }

    [Fact]
    public async Task AnUnknownAddress_IsOnePartition()
    {
        var throttle = Throttle(perAccount: 10, perAddress: 1);
        Assert.True((await throttle.BeginAsync("alice", null)).Admitted);

        Assert.False((await throttle.BeginAsync("bob", null)).Admitted);
        Assert.True((await throttle.BeginAsync("bob", Sprayer)).Admitted);
    }

    [Fact]
    public async Task AnAttemptRefusedForItsAccount_TakesNothingFromTheAddress()
    {
        var throttle = Throttle(perAccount: 1, perAddress: 3);
        Assert.True((await throttle.BeginAsync("alice", Sprayer)).Admitted);
        Assert.False((await throttle.BeginAsync("alice", Sprayer)).Admitted);
        Assert.False((await throttle.BeginAsync("alice", Sprayer)).Admitted);

        // The address has one failure counted (alice's first), so two more accounts still get through.
        Assert.True((await throttle.BeginAsync("bob", Sprayer)).Admitted);
        Assert.True((await throttle.BeginAsync("carol", Sprayer)).Admitted);
        Assert.False((await throttle.BeginAsync("dave", Sprayer)).Admitted);
    }

    [Fact]
    public async Task AGoodLogin_ClearsItsAccount_AndGivesTheAddressItsAttemptBack()
    {
        var throttle = Throttle(perAccount: 2, perAddress: 2);
        Assert.True((await throttle.BeginAsync("alice", Sprayer)).Admitted);
        var good = await throttle.BeginAsync("alice", Sprayer);

        await throttle.SucceededAsync(good);

        // alice: both failures forgotten. The address: one attempt back (the good one), one failure still counted.
        Assert.True((await throttle.BeginAsync("alice", IPAddress.Parse("198.51.100.1"))).Admitted);
        Assert.True((await throttle.BeginAsync("alice", IPAddress.Parse("198.51.100.2"))).Admitted);
        Assert.True((await throttle.BeginAsync("bob", Sprayer)).Admitted);
        Assert.False((await throttle.BeginAsync("carol", Sprayer)).Admitted);
    }

    [Fact]
    public async Task PastTenThousandPartitions_TheSweep_DropsOnlyTheIdleOnes()
    {
        var throttle = Throttle(perAccount: 10, perAddress: 1_000_000);
        for (var i = 0; i < 10; i++)
        {
            await throttle.BeginAsync("alice", Sprayer);
        }
        _time.Advance(TimeSpan.FromSeconds(300));
        for (var i = 0; i < 10_001; i++)
        {
            await throttle.BeginAsync($"made-up-{i}", Sprayer);
        }
        Assert.Equal(10_002, Accounts(throttle).Count);

        // Still inside alice's window: the sweep (past 10,000) must keep her locked partition.
        Assert.False((await throttle.BeginAsync("alice", Sprayer)).Admitted);
        Assert.Equal(10_002, Accounts(throttle).Count);

        // alice's failures have left their window, the made-up ones have not: only alice's partition goes.
        _time.Advance(TimeSpan.FromSeconds(600));
        Assert.True((await throttle.BeginAsync("bob", Sprayer)).Admitted);
        Assert.Equal(10_002, Accounts(throttle).Count);
        Assert.DoesNotContain("alice", Accounts(throttle).Keys);

        // Every made-up one idle too: a sweep leaves only the partition just taken.
        _time.Advance(TimeSpan.FromSeconds(900));
        for (var i = 0; i < 2; i++)
        {
            Assert.True((await throttle.BeginAsync("carol", Sprayer)).Admitted);
        }
        Assert.Equal(new[] { "carol" }, Accounts(throttle).Keys);
    }

    private LoginThrottle Throttle(int perAccount, int perAddress, bool enabled = true) =>
        new(Options.Create(new AuthSettings
        {
            Lockout = { Enabled = enabled, MaxFailuresPerAccount = perAccount, MaxFailuresPerAddress = perAddress },
        }), _time);

    // The partitions themselves: what the sweep keeps is only visible as memory.
    private static ConcurrentDictionary<string, FailureWindowLimiter> Accounts(LoginThrottle throttle) =>
        (ConcurrentDictionary<string, FailureWindowLimiter>)typeof(LoginThrottle)
            .GetField("_accounts", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(throttle)!;
}
