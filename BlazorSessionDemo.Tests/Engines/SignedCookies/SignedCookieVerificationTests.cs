using DjangoSessions.Signing;
using BlazorSessionDemo.Tests.Interop;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// Which cookies load: Django's <c>signing.loads(cookie, salt=..., max_age=SESSION_COOKIE_AGE)</c>. Anything tampered
/// is no session plus a security warning (Django's SuspiciousSession logger); a cookie that merely aged out is no
/// session, quietly.
/// </summary>
public sealed class SignedCookieVerificationTests : IDisposable
{
    private readonly SignedCookieTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    public static TheoryData<string> Parts => ["payload", "timestamp", "signature"];

    [Theory]
    [MemberData(nameof(Parts))]
    public async Task TamperedCookie_IsNoSession_AndLogsASecurityWarning(string part)
    {
        var saved = await _bed.SaveNewAsync(("user_id", 1));
        var tampered = ChangeOneCharacter(saved.SessionKey!, part);
        Assert.True(_bed.Engine.IsWellFormedKey(tampered));

        var loaded = await _bed.LoadAsync(tampered);

        Assert.Null(loaded.SessionKey);
        Assert.Equal(0, loaded.Count);
        var warning = Assert.Single(_bed.SecurityWarnings);
        Assert.Contains("Session data corrupted", warning.Message);
    }

    [Fact]
    public async Task CookieSignedWithAnotherSecret_IsNoSession_AndLogsASecurityWarning()
    {
        var foreign = new DjangoSession(_bed.CreateEngine("some-other-apps-secret-0123456789-abcdefgh"), _bed.Settings, _bed.Time);
        await foreign.LoadAsync();
        foreign["user_id"] = 1;
        await foreign.SaveAsync();

        var loaded = await _bed.LoadAsync(foreign.SessionKey);

        Assert.Null(loaded.SessionKey);
        Assert.Single(_bed.SecurityWarnings);
    }

    [Fact]
    public async Task DbEngineSessionData_UsedAsACookie_IsNoSession()
    {
        // Same secret, other salt: a django_session row's data can't be replayed as a cookie.
        var vector = DjangoVectors.Get("cx3jgby4omqljdygoamm994gw6zg27ib");
        var engine = _bed.CreateEngine(DjangoVectors.SecretKey);

        Assert.Null(await engine.LoadAsync(vector.SessionData));
        Assert.Single(_bed.SecurityWarnings);
    }

    [Fact]
    public async Task CookieOlderThanCookieAge_IsNoSession_WithoutASecurityWarning()
    {
        _bed.Settings.Cookie.CookieAge = 3600;
        var saved = await _bed.SaveNewAsync(("user_id", 1));

        _bed.Time.Advance(TimeSpan.FromSeconds(3599));
        Assert.Equal(1, (await _bed.LoadAsync(saved.SessionKey)).Get<int>("user_id"));
        _bed.Time.Advance(TimeSpan.FromSeconds(2));
        var aged = await _bed.LoadAsync(saved.SessionKey);

        Assert.Null(aged.SessionKey);
        Assert.Equal(0, aged.Count);
        Assert.Empty(_bed.SecurityWarnings);
    }

    [Fact]
    public async Task CookieOlderThanCookieAge_IsNoSession_EvenWithALongerSetExpiry()
    {
        // Django passes max_age=get_session_cookie_age(): set_expiry can shorten a cookie session, never lengthen it.
        _bed.Settings.Cookie.CookieAge = 3600;
        var session = await _bed.LoadAsync(null);
        session["user_id"] = 1;
        session.SetExpiry(7200);
        await session.SaveAsync();

        _bed.Time.Advance(TimeSpan.FromSeconds(3601));

        Assert.Null((await _bed.LoadAsync(session.SessionKey)).SessionKey);
    }

    [Fact]
    public async Task Save_OfAnAgedOutCookie_ThrowsUpdateError()
    {
        _bed.Settings.Cookie.CookieAge = 60;
        var session = await _bed.SaveNewAsync(("user_id", 1));
        _bed.Time.Advance(TimeSpan.FromSeconds(61));

        session["user_id"] = 2;

        await Assert.ThrowsAsync<SessionUpdateException>(() => session.SaveAsync());
    }

    [Fact]
    public void DjangoSigner_MaxAge_RejectsOlderValues_AsSignatureExpired_ABadSignature()
    {
        var signer = new DjangoSigner(SignedCookieTestBed.Secret, [], "salt", _bed.Time);
        var value = signer.Dumps("{}");
        _bed.Time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal("{}", signer.Loads(value));
        Assert.Equal("{}", signer.Loads(value, TimeSpan.FromSeconds(11)));
        var error = Assert.Throws<SignatureExpiredException>(() => signer.Loads(value, TimeSpan.FromSeconds(10)));
        Assert.IsAssignableFrom<BadSignatureException>(error);
    }

    private static string ChangeOneCharacter(string cookie, string part)
    {
        var parts = cookie.Split(':');
        var index = part switch { "payload" => 0, "timestamp" => 1, _ => 2 };
        var chars = parts[index].ToCharArray();
        var at = index == 0 ? chars.Length / 2 : chars.Length - 2;
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        parts[index] = new string(chars);
        return string.Join(':', parts);
    }
}
