using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// What is stored and how it is read back (Django: test_decode_failure_logged_to_security, SECRET_KEY_FALLBACKS):
/// only the session dict is stored, signed; the key is the record's name, not part of its data; data that fails
/// its signature is an empty session plus a warning on the security logger, never an error.
/// </summary>
public abstract partial class SessionEngineContractTests
{
    [Fact]
    public async Task Load_TamperedData_IsEmpty_LogsSecurityWarning()
    {
        var saved = await SaveNewSessionAsync(("user_id", 1));
        var tamperedKey = await TamperStoredDataAsync(saved.SessionKey!);

        var loaded = await LoadSessionAsync(tamperedKey);

        Assert.Equal(0, loaded.Count);
        var warning = Assert.Single(Logs.Entries, e => e.Category == SessionDataCodec.SecurityLogCategory);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Session data corrupted", warning.Message);
    }

    [Fact]
    public async Task Load_ValidData_LogsNoSecurityWarning()
    {
        var saved = await SaveNewSessionAsync(("user_id", 1));

        await LoadSessionAsync(saved.SessionKey);

        Assert.DoesNotContain(Logs.Entries, e => e.Category == SessionDataCodec.SecurityLogCategory);
    }

    [Fact]
    public async Task Load_DataSignedWithAnotherSecret_IsEmpty()
    {
        var foreign = new DjangoSession(CreateEngine(OtherSecret), Settings, Time);
        await foreign.LoadAsync();
        foreign["user_id"] = 1;
        await foreign.SaveAsync();

        var loaded = await LoadSessionAsync(foreign.SessionKey);

        Assert.False(loaded.ContainsKey("user_id"));
        Assert.Contains(Logs.Entries, e => e.Category == SessionDataCodec.SecurityLogCategory && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Load_DataSignedWithFallbackSecret_Loads()
    {
        // SECRET_KEY_FALLBACKS: rotating the key must not log everybody out.
        var old = new DjangoSession(CreateEngine(OtherSecret), Settings, Time);
        await old.LoadAsync();
        old["user_id"] = 1;
        await old.SaveAsync();
        var rotated = new DjangoSession(CreateEngine(TestSecret, OtherSecret), Settings, Time, old.SessionKey);

        await rotated.LoadAsync();

        Assert.Equal(1, rotated.Get<int>("user_id"));
    }

    [Fact]
    public async Task StoredData_DoesNotContainTheSessionKey()
    {
        var saved = await SaveNewSessionAsync(("cat", "dog"));

        var stored = await Engine.LoadAsync(saved.SessionKey!);

        Assert.NotNull(stored);
        Assert.Equal(["cat"], stored.Select(p => p.Key));
        Assert.DoesNotContain(saved.SessionKey!, stored.ToJsonString());
    }

    [Fact]
    public async Task StoredData_HasNoExpiryEntry_UnlessSet()
    {
        var saved = await SaveNewSessionAsync(("cat", "dog"));

        var stored = await Engine.LoadAsync(saved.SessionKey!);

        Assert.NotNull(stored);
        Assert.False(stored.ContainsKey(DjangoSession.ExpiryKey));
    }

    [Fact]
    public async Task StoredData_HoldsExpiryEntry_WhenSet()
    {
        // Django keeps a custom expiry in the data itself: seconds as a number, dates as ISO text.
        var session = await LoadSessionAsync(null);
        session.SetExpiry(300);
        await session.SaveAsync();

        var stored = await Engine.LoadAsync(session.SessionKey!);

        Assert.NotNull(stored);
        Assert.Equal(300, stored[DjangoSession.ExpiryKey]!.GetValue<int>());
    }
}
