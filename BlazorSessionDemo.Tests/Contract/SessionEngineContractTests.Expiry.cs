
namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// set_expiry / get_expiry_age / get_expiry_date / get_expire_at_browser_close (Django: test_default_expiry,
/// test_custom_expiry_seconds, test_custom_expiry_timedelta, test_custom_expiry_datetime, test_custom_expiry_reset,
/// test_get_expire_at_browser_close), computed on the session without touching the store.
/// </summary>
public abstract partial class SessionEngineContractTests
{
    private const int DefaultCookieAge = 1209600;

    [Fact]
    public async Task GetExpiryAge_Default_IsCookieAge()
    {
        var session = await LoadSessionAsync(null);

        Assert.Equal(DefaultCookieAge, Settings.Cookie.CookieAge);
        Assert.Equal(DefaultCookieAge, session.GetExpiryAge());
        Assert.Equal(Start.AddSeconds(DefaultCookieAge), session.GetExpiryDate());
    }

    [Fact]
    public async Task GetExpiryAge_FollowsCookieAgeSetting()
    {
        Settings.Cookie.CookieAge = 60;
        var session = await LoadSessionAsync(null);

        Assert.Equal(60, session.GetExpiryAge());
    }

    [Fact]
    public async Task SetExpiry_Seconds_AgeAndDateCountFromModification()
    {
        var session = await LoadSessionAsync(null);
        var modification = Start.AddDays(3);

        session.SetExpiry(10);

        Assert.Equal(modification.AddSeconds(10), session.GetExpiryDate(modification));
        Assert.Equal(10, session.GetExpiryAge(modification));
        Assert.True(session.Modified);
    }

    [Fact]
    public async Task SetExpiry_Zero_ExpiresAtBrowserClose_AgeIsCookieAge()
    {
        var session = await LoadSessionAsync(null);

        session.SetExpiry(0);

        Assert.True(session.GetExpireAtBrowserClose());
        Assert.Equal(Settings.Cookie.CookieAge, session.GetExpiryAge());
    }

    [Fact]
    public async Task SetExpiry_Null_RemovesCustomExpiry()
    {
        var session = await LoadSessionAsync(null);
        session.SetExpiry(null);
        session.SetExpiry(10);

        session.SetExpiry(null);

        Assert.Equal(Settings.Cookie.CookieAge, session.GetExpiryAge());
        Assert.False(session.ContainsKey(DjangoSession.ExpiryKey));
    }

    [Fact]
    public async Task SetExpiry_TimeSpan_CountsFromNow()
    {
        var session = await LoadSessionAsync(null);

        session.SetExpiry(TimeSpan.FromSeconds(10));

        Assert.Equal(Start.AddSeconds(10), session.GetExpiryDate(Start));
        Assert.Equal(10, session.GetExpiryAge(Start));
        // An absolute date: the age shrinks as time passes.
        Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(6, session.GetExpiryAge());
        Assert.False(session.GetExpireAtBrowserClose());
    }

    [Fact]
    public async Task SetExpiry_DateTimeOffset_AgeAndDateFromModification()
    {
        var session = await LoadSessionAsync(null);
        var modification = Start.AddHours(1);
        // Another offset on purpose: the same instant must come back.
        var at = modification.AddSeconds(10).ToOffset(TimeSpan.FromHours(5.5));

        session.SetExpiry(at);

        Assert.Equal(at, session.GetExpiryDate(modification));
        Assert.Equal(10, session.GetExpiryAge(modification));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetExpireAtBrowserClose_FollowsSetExpiry_AndTheSettingWhenUnset(bool expireAtBrowserClose)
    {
        Settings.Cookie.ExpireAtBrowserClose = expireAtBrowserClose;
        var session = await LoadSessionAsync(null);

        session.SetExpiry(10);
        Assert.False(session.GetExpireAtBrowserClose());
        session.SetExpiry(0);
        Assert.True(session.GetExpireAtBrowserClose());
        session.SetExpiry(null);
        Assert.Equal(expireAtBrowserClose, session.GetExpireAtBrowserClose());
    }

    [Fact]
    public async Task SetExpiry_Seconds_SurvivesSaveAndLoad()
    {
        var session = await LoadSessionAsync(null);
        session.SetExpiry(300);
        await session.SaveAsync();

        var loaded = await LoadSessionAsync(session.SessionKey);

        Assert.Equal(300, loaded.GetExpiryAge());
        Assert.False(loaded.GetExpireAtBrowserClose());
    }

    [Fact]
    public async Task SetExpiry_Date_SurvivesSaveAndLoad_ToTheMicrosecond()
    {
        var at = Start.AddMinutes(5).AddTicks(10);
        var session = await LoadSessionAsync(null);
        session.SetExpiry(at);
        await session.SaveAsync();

        var loaded = await LoadSessionAsync(session.SessionKey);

        Assert.Equal(at, loaded.GetExpiryDate());
    }

    [Fact]
    public async Task SetExpiry_Zero_SurvivesSaveAndLoad()
    {
        var session = await LoadSessionAsync(null);
        session.SetExpiry(0);
        await session.SaveAsync();

        var loaded = await LoadSessionAsync(session.SessionKey);

        Assert.True(loaded.GetExpireAtBrowserClose());
    }
}
