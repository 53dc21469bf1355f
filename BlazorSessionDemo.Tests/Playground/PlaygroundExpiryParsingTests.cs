using BlazorSessionDemo.Components.Pages.Playground;

namespace BlazorSessionDemo.Tests.Playground;

/// <summary>What the set_expiry field accepts: Django's int (0 included), None, or an absolute date (UTC unless it says otherwise).</summary>
public sealed class PlaygroundExpiryParsingTests
{
    [Theory]
    [InlineData("300", 300)]
    [InlineData(" 0 ", 0)]
    [InlineData("-5", -5)]
    public void Integer_IsSeconds(string text, int seconds)
    {
        Assert.True(PlaygroundExpiry.TryParse(text, out var expiry));
        Assert.Equal(new PlaygroundExpiry(seconds, null), expiry);
    }

    [Theory]
    [InlineData("None")]
    [InlineData("none")]
    [InlineData("")]
    public void NoneOrBlank_IsBackToTheSettings(string text)
    {
        Assert.True(PlaygroundExpiry.TryParse(text, out var expiry));
        Assert.Equal(new PlaygroundExpiry(null, null), expiry);
    }

    [Theory]
    [InlineData("2030-01-01T00:00:00Z", "2030-01-01T00:00:00+00:00")]
    [InlineData("2030-01-01 00:00", "2030-01-01T00:00:00+00:00")]
    [InlineData("2030-01-01T02:00:00+02:00", "2030-01-01T00:00:00+00:00")]
    public void Date_IsAbsolute_InUtc(string text, string utc)
    {
        Assert.True(PlaygroundExpiry.TryParse(text, out var expiry));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), expiry.Date);
        Assert.Equal(TimeSpan.Zero, expiry.Date!.Value.Offset);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("12.5")]
    [InlineData("1/2")]
    public void Anything_Else_IsRefused(string text) => Assert.False(PlaygroundExpiry.TryParse(text, out _));
}
