using System.Text.Json.Nodes;
using BlazorSessionDemo.Auth;

namespace BlazorSessionDemo.Tests.Identity;

/// <summary>
/// <c>_auth_user_hash</c> as Django computes it (checked against Debian's Django 3.2 itself), and the compare that
/// decides whether a session is a login: exact, constant-time, refusing anything short of the full digest.
/// </summary>
public sealed class SessionAuthHashTests
{
    private const string Secret = "identity-tests-secret-0123456789-abcdefghijkl";
    private const string PasswordHash = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    [Fact]
    public async Task Compute_EqualsDjangosSaltedHmac_AndGetSessionAuthHash()
    {
        string[] hashes = [PasswordHash, "pbkdf2_sha256$260000$salt$abc=", "", "pâsswörd-hash-ünïcode-✓"];
        var django = await DjangoScript.RunAsync("django_session_auth_hash.py", Secret, new JsonArray([.. hashes.Select(h => (JsonNode)h)]).ToJsonString());

        var ours = hashes.Select(h => SessionAuthHash.Compute(h, Secret)).ToArray();

        Assert.Equal(django["salted_hmac"]!.AsArray().Select(n => n!.GetValue<string>()), ours);
        Assert.Equal(django["get_session_auth_hash"]!.AsArray().Select(n => n!.GetValue<string>()), ours);
        Assert.All(ours, h => Assert.Matches("^[0-9a-f]{64}$", h));
    }

    [Fact]
    public void Matches_TheFullHash_UnderTheSecret()
    {
        Assert.True(SessionAuthHash.Matches(SessionAuthHash.Compute(PasswordHash, Secret), PasswordHash, Secret, []));
    }

    [Fact]
    public void Matches_RefusesATruncatedHash_AtEveryLength()
    {
        var hash = SessionAuthHash.Compute(PasswordHash, Secret);

        for (var length = 0; length < SessionAuthHash.Length; length++)
        {
            Assert.False(SessionAuthHash.Matches(hash[..length], PasswordHash, Secret, []), $"accepted the first {length} characters");
        }
        Assert.False(SessionAuthHash.Matches(hash + "0", PasswordHash, Secret, []));
        Assert.False(SessionAuthHash.Matches(null, PasswordHash, Secret, []));
    }

    [Fact]
    public void Matches_RefusesAHashDifferingInAnyOneCharacter()
    {
        var hash = SessionAuthHash.Compute(PasswordHash, Secret);

        for (var i = 0; i < hash.Length; i++)
        {
            foreach (var other in new[] { hash[i] == '0' ? '1' : '0', char.ToUpperInvariant(hash[i]) == hash[i] ? 'g' : char.ToUpperInvariant(hash[i]) })
            {
                var changed = hash[..i] + other + hash[(i + 1)..];
                Assert.False(SessionAuthHash.Matches(changed, PasswordHash, Secret, []), $"accepted a change at {i}: {changed}");
            }
        }
    }

    [Fact]
    public void Matches_AHashMadeUnderAFallbackSecret_ButNotUnderAnUnknownOne()
    {
        const string old = "the-previous-secret-key-0123456789-abcdefgh";
        var oldHash = SessionAuthHash.Compute(PasswordHash, old);

        Assert.True(SessionAuthHash.Matches(oldHash, PasswordHash, Secret, [old]));
        Assert.False(SessionAuthHash.Matches(oldHash, PasswordHash, Secret, []));
        Assert.False(SessionAuthHash.Matches(oldHash, PasswordHash, Secret, ["some-other-secret-key-0123456789-abcdefgh"]));
    }

    [Fact]
    public void Matches_RefusesTheHashOfAnotherPasswordHash()
    {
        var hash = SessionAuthHash.Compute(PasswordHash, Secret);

        Assert.False(SessionAuthHash.Matches(hash, PasswordHash + "x", Secret, []));
    }
}
