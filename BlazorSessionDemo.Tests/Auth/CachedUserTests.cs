using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Data;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// A cached user remembers the last <c>_auth_user_hash</c> string it matched, so the same session's next request (whose
/// shared dict hands back that very string) skips the compare. What it must never do: let anything but that exact
/// object skip the constant-time check, or keep a match across a change of secrets.
/// </summary>
public sealed class CachedUserTests
{
    private const string Secret = "cached-user-tests-secret-0123456789-abcdefgh";
    private const string PasswordHash = "pbkdf2_sha256$600000$salt$hash=";

    private static CachedUser Alice() => new(new User { Id = 1, Username = "alice", Email = "a@example.com", PasswordHash = PasswordHash });

    [Fact]
    public void TheRightHash_Matches_AgainAndAgain()
    {
        var user = Alice();
        var stored = SessionAuthHash.Compute(PasswordHash, Secret);

        Assert.True(user.AuthHashMatches(stored, Secret, []));
        Assert.True(user.AuthHashMatches(stored, Secret, []));
        // An equal string that is another object is checked in full, and matches.
        Assert.True(user.AuthHashMatches(new string(stored.AsSpan()), Secret, []));
    }

    [Fact]
    public void AWrongHash_AfterARightOne_StillFails()
    {
        var user = Alice();
        var stored = SessionAuthHash.Compute(PasswordHash, Secret);
        Assert.True(user.AuthHashMatches(stored, Secret, []));

        var wrong = (stored[0] == 'a' ? "b" : "a") + stored[1..];
        Assert.False(user.AuthHashMatches(wrong, Secret, []));
        Assert.False(user.AuthHashMatches(null, Secret, []));
        Assert.False(user.AuthHashMatches("", Secret, []));
        Assert.True(user.AuthHashMatches(stored, Secret, []));
    }

    [Fact]
    public void ARememberedMatch_IsForgotten_WhenTheSecretsChange()
    {
        var user = Alice();
        var stored = SessionAuthHash.Compute(PasswordHash, Secret);
        Assert.True(user.AuthHashMatches(stored, Secret, []));

        // SECRET_KEY rotated with the old one as a fallback: still a login; rotated without it: no longer.
        const string rotated = "cached-user-tests-rotated-secret-0123456789";
        Assert.True(user.AuthHashMatches(stored, rotated, [Secret]));
        Assert.False(user.AuthHashMatches(stored, rotated, []));
    }
}
