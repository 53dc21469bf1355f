using BlazorSessionDemo.Components.Shared;

namespace BlazorSessionDemo.Tests.Components;

/// <summary>Seconds as the pages say them (issue 15: /backend said "1209600 s" for Django's two weeks).</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData(1_209_600, "14 days")]
    [InlineData(86_400, "1 day")]
    [InlineData(7_200, "2 hours")]
    [InlineData(300, "5 minutes")]
    [InlineData(60, "1 minute")]
    [InlineData(90, "90 seconds")]
    [InlineData(1, "1 second")]
    [InlineData(0, "0 seconds")]
    public void Of_UsesTheLargestUnitThatDividesExactly(long seconds, string expected) =>
        Assert.Equal(expected, DurationText.Of(seconds));
}
