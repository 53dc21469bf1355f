using DjangoSessions.Http;
using Microsoft.AspNetCore.Http;

namespace BlazorSessionDemo.Tests.Middleware;

/// <summary>
/// The SESSION_COOKIE_* defaults of the library itself, as Django's <c>global_settings</c> has them. The app's
/// <c>appsettings.json</c> sets several of them, so the app's tests can't tell the library's own defaults (issue 18's
/// mutation run of <c>Http/</c>).
/// </summary>
public sealed class SessionCookieDefaultsTests
{
    [Fact]
    public void Defaults_AreDjangos()
    {
        var settings = new SessionCookieSettings();

        Assert.Equal("sessionid", settings.CookieName);
        Assert.Equal(1209600, settings.CookieAge);
        Assert.Equal("/", settings.CookiePath);
        Assert.Null(settings.CookieDomain);
        Assert.False(settings.CookieSecure);
        Assert.True(settings.CookieHttpOnly);
        Assert.Equal(SameSiteMode.Lax, settings.CookieSameSite);
        Assert.False(settings.ExpireAtBrowserClose);
    }

    [Theory]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")] // upper case: Django's keys are [a-z0-9]
    [InlineData("abcdefghijklmnopqrstuvwxyz01234-")] // one character outside, at the end
    [InlineData("-bcdefghijklmnopqrstuvwxyz012345")] // at the start
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")] // 33 characters
    [InlineData("abcdefghijklmnopqrstuvwxyz01234")] // 31
    [InlineData("")]
    [InlineData(null)]
    public void AKeyThisAppCouldNotHaveIssued_IsNotWellFormed(string? key) => Assert.False(SessionKeys.IsWellFormed(key));

    [Fact]
    public void ThirtyTwoCharactersOfLowerCaseLettersAndDigits_AreWellFormed() =>
        Assert.True(SessionKeys.IsWellFormed("abcdefghijklmnopqrstuvwxyz012345"));
}
