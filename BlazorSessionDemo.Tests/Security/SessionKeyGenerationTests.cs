
namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// ASVS 5.0 V7.2.3 / OWASP session cheat sheet: session tokens of at least 128 bits from a CSPRNG. Django's
/// get_random_string(32, [a-z0-9]) gives about 165 bits; a weak or biased generator shows up as repeats, malformed
/// keys, or characters that never appear at some position.
/// </summary>
public sealed class SessionKeyGenerationTests
{
    private const int Count = 100_000;

    [Fact]
    public void HundredThousandKeys_AreUnique_WellFormed_AndUseTheWholeAlphabetAtEveryPosition()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<char>[SessionKeys.Length];
        for (var i = 0; i < seen.Length; i++)
        {
            seen[i] = [];
        }

        for (var n = 0; n < Count; n++)
        {
            var key = SessionKeys.Generate();
            Assert.True(SessionKeys.IsWellFormed(key), key);
            Assert.True(keys.Add(key), $"key repeated after {n} keys: {key}");
            for (var i = 0; i < key.Length; i++)
            {
                seen[i].Add(key[i]);
            }
        }

        // With 100k uniform draws, a character missing from a position has odds of about (35/36)^100000: never.
        Assert.All(seen, position => Assert.Equal(36, position.Count));
        var bits = SessionKeys.Length * Math.Log2(seen[0].Count);
        Assert.True(bits >= 128, $"{bits:F0} bits of key space");
    }
}
