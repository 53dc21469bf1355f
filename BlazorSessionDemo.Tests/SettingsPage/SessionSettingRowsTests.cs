using DjangoSessions.Redis;
using BlazorSessionDemo.Components.Pages.Settings;

namespace BlazorSessionDemo.Tests.SettingsPage;

/// <summary>The rows behind <c>/settings</c>, for the cases the whole app cannot start with.</summary>
public sealed class SessionSettingRowsTests
{
    [Fact]
    public void SecretKey_NotConfigured_IsReportedAsGeneratedInItsFile()
    {
        // The app then signs with a key it generated once and keeps in SecretKeyFile (see SessionSecretKey).
        var settings = new DjangoSessionSettings { Secrets = { SecretKey = null, SecretKeyFile = "App_Data/session-secret.key" } };

        var row = SessionSettingRows.Django(settings, new RedisSessionSettings()).Single(r => r.DjangoName == "SECRET_KEY");

        Assert.Equal("generated (App_Data/session-secret.key)", row.Active);
    }

    [Fact]
    public void EverySetting_HasADefaultAndAMeaning()
    {
        var rows = SessionSettingRows.Django(new DjangoSessionSettings(), new RedisSessionSettings()).Concat(SessionSettingRows.AppOnly(new DjangoSessionSettings(), new DjangoSessions.Catalog.SessionCatalogSettings()));

        Assert.All(rows, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.DjangoDefault), r.ConfigKey);
            Assert.False(string.IsNullOrWhiteSpace(r.Meaning), r.ConfigKey);
            Assert.StartsWith("Session:", r.ConfigKey);
        });
    }

    [Theory]
    [InlineData(SessionEngineNames.Db, "django.contrib.sessions.backends.db")]
    [InlineData(SessionEngineNames.CachedDb, "django.contrib.sessions.backends.cached_db")]
    [InlineData(SessionEngineNames.SignedCookies, "django.contrib.sessions.backends.signed_cookies")]
    [InlineData(SessionEngineNames.Redis, "redis_sessions.session")]
    public void DjangoEngine_IsTheDottedPathDjangoSettingsUse(string engine, string expected) =>
        Assert.Equal(expected, SessionSettingRows.DjangoEngine(engine));

    [Fact]
    public void DjangosDefaults_AreNotMarkedChanged()
    {
        // The app's own defaults differ from django-redis-sessions' for the host and the prefix.
        var redis = new RedisSessionSettings { Host = "localhost", Prefix = "" };

        var changed = SessionSettingRows.Django(new DjangoSessionSettings(), redis).Where(r => r.Changed).Select(r => r.ConfigKey);

        Assert.Empty(changed);
    }

    [Fact]
    public void AValueOtherThanDjangos_IsMarkedChanged_AndOnlyThatRow()
    {
        var settings = new DjangoSessionSettings();
        settings.Cookie.CookieAge = 300;
        var redis = new RedisSessionSettings { Host = "localhost", Prefix = "" };

        var changed = SessionSettingRows.Django(settings, redis).Where(r => r.Changed).Select(r => r.ConfigKey);

        Assert.Equal(["Session:CookieAge"], changed);
    }

    [Fact]
    public void AppOnlySettings_AreNeverMarkedChanged() =>
        Assert.DoesNotContain(SessionSettingRows.AppOnly(new DjangoSessionSettings(), new DjangoSessions.Catalog.SessionCatalogSettings()), r => r.Changed);
}
