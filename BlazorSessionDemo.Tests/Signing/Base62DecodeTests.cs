using DjangoSessions.Signing;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// <see cref="Base62.TryDecode"/> as Django's <c>b62_decode</c> (a leading '-' negates), refusing what b62_decode
/// cannot read (empty, a lone '-', a character outside the alphabet) and what no long holds (over
/// <see cref="Base62.MaxLength"/> characters); and <see cref="Base62.TryDecodeUnixTime"/> within DateTimeOffset's range.
/// </summary>
public sealed class Base62DecodeTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("z", 61L)]
    [InlineData("10", 62L)]
    [InlineData("-1", -1L)]
    [InlineData("-10", -62L)]
    [InlineData("-AzL8n0Y58m8", long.MinValue)]  // MaxLength (12) characters
    [InlineData("AzL8n0Y58m7", long.MaxValue)]
    public void TryDecode_Base62_IsDjangosB62Decode(string text, long expected)
    {
        Assert.True(Base62.TryDecode(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("!")]
    [InlineData("1!")]
    [InlineData("1-")]
    [InlineData("1 2")]
    [InlineData("0000000000001")]  // 13 characters, over MaxLength
    [InlineData("AzL8n0Y58m8")]    // long.MaxValue + 1: past long's range, not wrapped round
    [InlineData("zzzzzzzzzzz")]
    [InlineData("-AzL8n0Y58m9")]   // long.MinValue - 1
    [InlineData("-zzzzzzzzzzz")]
    public void TryDecode_NotBase62OrTooLong_IsFalse(string text) => Assert.False(Base62.TryDecode(text, out _));

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1r31eq", 1700000000L)]
    [InlineData("-1", -1L)]
    public void TryDecodeUnixTime_Base62Seconds_IsThatMoment(string text, long seconds)
    {
        Assert.True(Base62.TryDecodeUnixTime(text, out var moment));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(seconds), moment);
    }

    [Fact]
    public void TryDecodeUnixTime_FirstSecondOfDateTimeOffset_IsMinValue()
    {
        Assert.True(Base62.TryDecodeUnixTime("-15p4dBA", out var moment));  // -62135596800
        Assert.Equal(DateTimeOffset.MinValue, moment);
    }

    [Fact]
    public void TryDecodeUnixTime_LastSecondOfDateTimeOffset_IsItsLastWholeSecond()
    {
        Assert.True(Base62.TryDecodeUnixTime("4SbCEFr", out var moment));  // 253402300799
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), moment);
    }

    [Theory]
    [InlineData("-15p4dBB")]      // one second before DateTimeOffset.MinValue
    [InlineData("4SbCEFs")]       // one second after the last second of DateTimeOffset.MaxValue
    [InlineData("-AzL8n0Y58m8")]  // long.MinValue
    [InlineData("AzL8n0Y58m7")]   // long.MaxValue
    public void TryDecodeUnixTime_OutsideDateTimeOffsetsRange_IsFalseAndDefault(string text)
    {
        Assert.False(Base62.TryDecodeUnixTime(text, out var moment));
        Assert.Equal(default, moment);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!")]
    [InlineData("1!")]
    [InlineData("-")]
    public void TryDecodeUnixTime_NotBase62_IsFalseAndDefault(string text)
    {
        Assert.False(Base62.TryDecodeUnixTime(text, out var moment));
        Assert.Equal(default, moment);
    }
}
