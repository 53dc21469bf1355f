using System.Threading.RateLimiting;
using BlazorSessionDemo.Auth.Lockout;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// The in-process login limiter as a <see cref="RateLimiter"/> of its own (issue 18's mutation run of <c>Auth/Lockout</c>):
/// the app only ever takes one permit at a time with a limit of 10 or 100, which leaves the limiter's arithmetic for
/// other counts, its refunds, idle state and statistics unseen. A sliding log: at most <c>limit</c> permits in any
/// <c>window</c>, the wait being until the oldest use that must leave has left.
/// </summary>
public sealed class FailureWindowLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void IdleDuration_IsZeroWhileNothingCounts_NullWhileAUseIsInTheWindow()
    {
        using var limiter = new FailureWindowLimiter(3, Window, _time);
        Assert.Equal(TimeSpan.Zero, limiter.IdleDuration);

        using (limiter.AttemptAcquire()) { }
        Assert.Null(limiter.IdleDuration);

        _time.Advance(Window - TimeSpan.FromTicks(1));
        Assert.Null(limiter.IdleDuration);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(TimeSpan.Zero, limiter.IdleDuration);
    }

    [Fact]
    public void Statistics_CountThePermitsLeft_UntilTheWindowGivesThemBack()
    {
        using var limiter = new FailureWindowLimiter(3, Window, _time);
        Assert.Equal(3, limiter.GetStatistics()!.CurrentAvailablePermits);

        using (limiter.AttemptAcquire(2)) { }
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);

        _time.Advance(Window);
        Assert.Equal(3, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public void Refund_GivesTheLastPermitBack_AndOnAnEmptyLimiterDoesNothing()
    {
        using var limiter = new FailureWindowLimiter(2, Window, _time);
        limiter.Refund();
        Assert.Equal(2, limiter.GetStatistics()!.CurrentAvailablePermits);

        using (limiter.AttemptAcquire()) { }
        using (limiter.AttemptAcquire()) { }
        using (var full = limiter.AttemptAcquire())
        {
            Assert.False(full.IsAcquired);
        }

        limiter.Refund();

        using var again = limiter.AttemptAcquire();
        Assert.True(again.IsAcquired);
    }

    [Fact]
    public void Refund_TakesBackTheNewestUse_SoTheOldestStillLeavesFirst()
    {
        using var limiter = new FailureWindowLimiter(2, Window, _time);
        using (limiter.AttemptAcquire()) { }
        _time.Advance(TimeSpan.FromMinutes(10));
        using (limiter.AttemptAcquire()) { }
        limiter.Refund();
        using (limiter.AttemptAcquire()) { }

        // Full again: the wait is for the use 10 minutes ago, not for the one just taken.
        using var refused = limiter.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromMinutes(5), wait);
    }

    [Fact]
    public void ZeroPermits_AskWhetherOneWouldBeGranted_WithoutTakingAny()
    {
        using var limiter = new FailureWindowLimiter(1, Window, _time);
        using (var probe = limiter.AttemptAcquire(0))
        {
            Assert.True(probe.IsAcquired);
        }
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);

        using (limiter.AttemptAcquire()) { }

        using var full = limiter.AttemptAcquire(0);
        Assert.False(full.IsAcquired);
    }

    [Fact]
    public void NegativePermits_Throw()
    {
        using var limiter = new FailureWindowLimiter(3, Window, _time);
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(-1));
    }

    [Fact]
    public void LimitOfOne_TheSecondUse_WaitsAWholeWindow()
    {
        using var limiter = new FailureWindowLimiter(1, Window, _time);
        using (limiter.AttemptAcquire()) { }

        using var refused = limiter.AttemptAcquire();

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(Window, wait);
    }

    [Theory]
    [InlineData(1, 5)]  // one more permit: the oldest use (t0) must leave, at t15
    [InlineData(2, 10)] // two more: the second oldest (t5) too, at t20
    [InlineData(3, 15)] // all three: the newest (t10) too, at t25
    public void SeveralPermits_WaitUntilEnoughOldUsesHaveLeft(int permits, int minutes)
    {
        using var limiter = new FailureWindowLimiter(3, Window, _time);
        using (limiter.AttemptAcquire()) { }
        _time.Advance(TimeSpan.FromMinutes(5));
        using (limiter.AttemptAcquire()) { }
        _time.Advance(TimeSpan.FromMinutes(5));
        using (limiter.AttemptAcquire()) { }

        using var refused = limiter.AttemptAcquire(permits);

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromMinutes(minutes), wait);
    }

    [Fact]
    public void OnePermitWithRoomForIt_IsGranted_AndOneUseLeavesAtATime()
    {
        using var limiter = new FailureWindowLimiter(2, Window, _time);
        using (limiter.AttemptAcquire()) { }
        _time.Advance(TimeSpan.FromMinutes(5));
        using (limiter.AttemptAcquire()) { }
        _time.Advance(TimeSpan.FromMinutes(10));

        // The first use left at t15; the second counts until t20.
        using (var granted = limiter.AttemptAcquire())
        {
            Assert.True(granted.IsAcquired);
        }
        using var refused = limiter.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromMinutes(5), wait);
    }

    [Fact]
    public void MorePermitsThanTheLimit_AreRefused_WithoutAWait()
    {
        using var limiter = new FailureWindowLimiter(3, Window, _time);

        using var refused = limiter.AttemptAcquire(4);

        Assert.False(refused.IsAcquired);
        Assert.Empty(refused.MetadataNames);
        Assert.False(refused.TryGetMetadata(MetadataName.RetryAfter, out _));
    }

    [Fact]
    public void ExactlyTheLimit_IsGranted_AtOnce()
    {
        using var limiter = new FailureWindowLimiter(3, Window, _time);

        using var granted = limiter.AttemptAcquire(3);

        Assert.True(granted.IsAcquired);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public void ARefusal_NamesOnlyItsRetryAfter_AndAGrantNamesNothing()
    {
        using var limiter = new FailureWindowLimiter(1, Window, _time);
        using (var granted = limiter.AttemptAcquire())
        {
            Assert.Empty(granted.MetadataNames);
            Assert.False(granted.TryGetMetadata(MetadataName.RetryAfter, out _));
        }

        using var refused = limiter.AttemptAcquire();

        Assert.Equal(new[] { MetadataName.RetryAfter.Name }, refused.MetadataNames);
        Assert.False(refused.TryGetMetadata("OTHER", out _));
    }

    [Fact]
    public async Task AcquireAsync_AnswersAsAttemptAcquireDoes()
    {
        using var limiter = new FailureWindowLimiter(1, Window, _time);
        using (var granted = await limiter.AcquireAsync())
        {
            Assert.True(granted.IsAcquired);
        }

        using var refused = await limiter.AcquireAsync();

        Assert.False(refused.IsAcquired);
    }
}
