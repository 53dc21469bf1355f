using System.Text.Json.Nodes;
using BlazorSessionDemo.Exchanges;

namespace BlazorSessionDemo.Tests.Exchanges;

/// <summary>The decoded data's diff and the texts a panel shows: secrets hidden, long values cut, records small.</summary>
public sealed class SessionDataDiffTests
{
    [Fact]
    public void Between_ListsAddedChangedAndRemovedKeys_InKeyOrder_AndSkipsEqualOnes()
    {
        var (changes, leftOut) = SessionDataDiff.Between(
            [Pair("a", 1), Pair("b", "x"), Pair("same", new JsonObject { ["n"] = 1 })],
            [Pair("b", "y"), Pair("c", true), Pair("same", new JsonObject { ["n"] = 1 })]);

        Assert.Equal(0, leftOut);
        Assert.Equal(
            [new("a", DataChangeKind.Removed, "1", null), new("b", DataChangeKind.Changed, "\"x\"", "\"y\""), new SessionDataChange("c", DataChangeKind.Added, null, "true")],
            changes);
    }

    [Fact]
    public void Between_NeverShowsTheAuthHash()
    {
        var (changes, _) = SessionDataDiff.Between([], [Pair("_auth_user_hash", "3f2c9a0d1e…the-hmac")]);

        Assert.Equal(SessionDataDiff.Hidden, Assert.Single(changes).After);
    }

    [Fact]
    public void Between_CutsLongValues_AndKeepsAtMostTheLimit()
    {
        var after = Enumerable.Range(0, SessionDataDiff.MaxChanges + 3).Select(i => Pair($"k{i:00}", new string('x', 5000))).ToList();

        var (changes, leftOut) = SessionDataDiff.Between([], after);

        Assert.Equal(SessionDataDiff.MaxChanges, changes.Count);
        Assert.Equal(3, leftOut);
        Assert.All(changes, c => Assert.True(c.After!.Length < 80, c.After));
        Assert.EndsWith("(5002 characters)", changes[0].After);
    }

    [Theory]
    [InlineData("sessionid=abc; path=/", "sessionid=abc; path=/")]
    [InlineData("sessionid=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=/", "sessionid=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=/")]
    public void SetCookieLine_KeepsShortLinesWhole(string header, string expected) =>
        Assert.Equal(expected, ShownText.SetCookieLine(header));

    [Fact]
    public void SetCookieLine_CutsALongValue_AndKeepsTheAttributes()
    {
        var line = ShownText.SetCookieLine($"sessionid={new string('v', 3000)}; max-age=1209600; path=/; httponly");

        Assert.StartsWith("sessionid=vvv", line);
        Assert.Contains("(3000 characters)", line);
        Assert.EndsWith("; max-age=1209600; path=/; httponly", line);
        Assert.True(line.Length < 150, line);
    }

    [Theory]
    [InlineData("db", null, "k2", true, false, "create a django_session row under a new key")]
    [InlineData("file", "k1", "k1", true, false, "save (update) the session file")]
    [InlineData("redis", "k1", "k2", true, false, "copy the data to a Redis key under a new key, delete the old one (cycle_key)")]
    [InlineData("cache", "k1", null, false, true, "delete the cache entry (flush: the key is gone)")]
    [InlineData("db", "k1", "k1", false, false, "load the django_session row; nothing changed, so nothing is saved")]
    [InlineData("signed_cookies", "v1", "v2", true, false, "no store: the signed data itself is the new cookie")]
    public void StoreOperation_SaysWhatTheObservedKeysAndCookieMean(string engine, string? before, string? after, bool set, bool deleted, string expected) =>
        Assert.Equal(expected, StoreOperation.Describe(engine, before, after, set, deleted));

    private static KeyValuePair<string, JsonNode?> Pair(string key, JsonNode? value) => KeyValuePair.Create(key, value);
}
