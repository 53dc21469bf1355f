using DjangoSessions.Signing;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// <see cref="Base62.Encode(long)"/> as Django's <c>b62_encode</c>: "0" for zero, '-' and the magnitude's digits for a
/// negative number (down to long.MinValue, whose magnitude no long holds). Expected values from Python's b62_encode.
/// </summary>
public sealed class Base62EncodeTests
{
    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1L, "1")]
    [InlineData(61L, "z")]
    [InlineData(62L, "10")]
    [InlineData(1700000000L, "1r31eq")]
    [InlineData(long.MaxValue, "AzL8n0Y58m7")]
    [InlineData(-1L, "-1")]
    [InlineData(-62L, "-10")]
    [InlineData(-62135596800L, "-15p4dBA")]
    [InlineData(long.MinValue, "-AzL8n0Y58m8")]
    public void Encode_IsDjangosB62Encode(long value, string expected) => Assert.Equal(expected, Base62.Encode(value));

    [Fact]
    public void Encode_LongMinValue_FillsMaxLength()
    {
        Span<byte> destination = stackalloc byte[Base62.MaxLength];

        Assert.Equal(Base62.MaxLength, Base62.Encode(long.MinValue, destination));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(-62L)]
    [InlineData(-3844L)]
    [InlineData(123456789L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Encode_ThenTryDecode_GivesTheNumberBack(long value)
    {
        Assert.True(Base62.TryDecode(Base62.Encode(value), out var decoded));
        Assert.Equal(value, decoded);
    }
}
