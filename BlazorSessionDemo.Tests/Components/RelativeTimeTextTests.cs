using BlazorSessionDemo.Components.Shared;

namespace BlazorSessionDemo.Tests.Components;

/// <summary>Moments and counts as the account pages say them: the largest whole unit, counted to the nearest, singular for one, never "(s)".</summary>
public sealed class RelativeTimeTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(-9, "just now")]
    [InlineData(-10, "10 seconds ago")]
    [InlineData(-59, "59 seconds ago")]
    [InlineData(-60, "1 minute ago")]
    [InlineData(-89, "1 minute ago")]
    [InlineData(-179, "3 minutes ago")]
    [InlineData(-3_600, "1 hour ago")]
    [InlineData(-86_399, "24 hours ago")]
    [InlineData(-86_400, "1 day ago")]
    [InlineData(1_209_600, "in 14 days")]
    [InlineData(1_209_599, "in 14 days")]
    [InlineData(300, "in 5 minutes")]
    [InlineData(31 * 86_400, "in 1 month")]
    [InlineData(-400 * 86_400, "1 year ago")]
    public void Of_SaysTheLargestWholeUnit_CountedToTheNearest(int secondsFromNow, string expected) =>
        Assert.Equal(expected, RelativeTimeText.Of(Now.AddSeconds(secondsFromNow), Now));

    [Fact]
    public void Exact_IsUtc_WhateverTheOffsetGiven() =>
        Assert.Equal("2026-12-02 12:00:00 UTC", RelativeTimeText.Exact(Now.ToOffset(TimeSpan.FromHours(9))));

    [Theory]
    [InlineData(0, "0 sessions")]
    [InlineData(1, "1 session")]
    [InlineData(2, "2 sessions")]
    public void Count_IsSingularForOneOnly(long count, string expected) =>
        Assert.Equal(expected, RelativeTimeText.Count(count, "session"));

    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36", DeviceKind.Desktop)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1", DeviceKind.Phone)]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36", DeviceKind.Phone)]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1", DeviceKind.Tablet)]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/120.0 Safari/537.36", DeviceKind.Tablet)]
    [InlineData("curl/7.88.1", DeviceKind.Terminal)]
    [InlineData("", DeviceKind.Terminal)]
    [InlineData(null, DeviceKind.Terminal)]
    public void DeviceKinds_PickTheIcon(string? userAgent, DeviceKind expected) =>
        Assert.Equal(expected, DeviceKinds.Of(userAgent));
}
