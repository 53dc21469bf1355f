using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// This engine and a real Django 3.2 on <c>django.contrib.sessions.backends.file</c> (<see cref="DjangoFilePeer"/>) in one
/// SESSION_FILE_PATH with one SECRET_KEY: each loads, updates, expires and clears the other's session files.
/// </summary>
public sealed class DjangoFileInteropTests : IDisposable
{
    private const string OtherSecret = "interop-test-secret-of-some-other-app-9876543210";

    // The engine's clock starts at the real time (whole seconds), since Django's side reads the real clock.
    private readonly FileEngineSandbox _sandbox = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    private string Folder => _sandbox.Folder;

    private int CookieAge => _sandbox.Settings.Cookie.CookieAge;

    [Fact]
    public async Task SessionFileWrittenByThisApp_IsReadByDjangoWithIdenticalData()
    {
        var session = await SaveAsync(SampleData());

        var django = await DjangoFilePeer.ReadAsync(Folder, FileEngineSandbox.Secret, session.SessionKey!);

        AssertSameData(SampleData(), django["data"]);
        Assert.Equal(session.SessionKey, (string?)django["session_key"]);
        // No _session_expiry: Django falls back to SESSION_COOKIE_AGE, as this app does.
        Assert.Equal(CookieAge, (int?)django["expiry_age"]);
    }

    [Fact]
    public async Task SessionFileWrittenByDjango_IsLoadedByThisAppWithIdenticalData()
    {
        var key = await DjangoFilePeer.WriteAsync(Folder, FileEngineSandbox.Secret, SampleData());

        var session = _sandbox.NewSession(_sandbox.CreateEngine(), key);
        await session.LoadAsync();

        Assert.Equal(["sessionid" + key], _sandbox.FolderEntries());
        Assert.Equal(key, session.SessionKey);
        AssertSameData(SampleData(), new JsonObject(session.Items.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));
    }

    [Fact]
    public async Task BothApps_UpdateOneSessionFileInTurn()
    {
        var engine = _sandbox.CreateEngine();
        var session = await SaveAsync(new JsonObject { ["from_dotnet"] = 1 });
        var key = session.SessionKey!;

        Assert.Equal(key, await DjangoFilePeer.UpdateAsync(Folder, FileEngineSandbox.Secret, key, new JsonObject { ["from_django"] = 2 }));
        var mine = _sandbox.NewSession(engine, key);
        await mine.LoadAsync();
        mine["from_dotnet"] = 3;
        await mine.SaveAsync();
        var django = await DjangoFilePeer.ReadAsync(Folder, FileEngineSandbox.Secret, key);

        AssertSameData(new JsonObject { ["from_dotnet"] = 3, ["from_django"] = 2 }, django["data"]);
        Assert.Equal(["sessionid" + key], _sandbox.FolderEntries());
    }

    [Fact]
    public async Task FileAgedOutByThisAppsClock_IsExpiredForDjango_WhichDeletesIt()
    {
        var session = await SaveAsync(new JsonObject { ["user_id"] = 7 });
        WrittenSecondsAgo(session.SessionKey!, CookieAge + 60);

        var django = await DjangoFilePeer.ReadAsync(Folder, FileEngineSandbox.Secret, session.SessionKey!);

        Assert.True((bool?)django["exists"], django.ToJsonString());
        AssertSameData(new JsonObject(), django["data"]);
        Assert.NotEqual(session.SessionKey, (string?)django["session_key"]);
        Assert.False((bool?)django["file_exists_after"]);
    }

    [Fact]
    public async Task FileWrittenByDjango_AgedOut_IsClearedByThisApp()
    {
        var key = await DjangoFilePeer.WriteAsync(Folder, FileEngineSandbox.Secret, new JsonObject { ["user_id"] = 7 });
        var engine = _sandbox.CreateEngine();
        Assert.NotNull(await engine.LoadAsync(key));

        _sandbox.Time.Advance(TimeSpan.FromSeconds(CookieAge + 60));

        Assert.Equal(1, await engine.ClearExpiredAsync());
        Assert.Empty(_sandbox.FolderEntries());
    }

    [Fact]
    public async Task DjangosClearsessions_RemovesOnlyTheAgedOutFileThisAppWrote()
    {
        var fresh = await SaveAsync(new JsonObject { ["n"] = 1 });
        var old = await SaveAsync(new JsonObject { ["n"] = 2 });
        WrittenSecondsAgo(old.SessionKey!, CookieAge + 60);

        var left = await DjangoFilePeer.ClearExpiredAsync(Folder, FileEngineSandbox.Secret);

        Assert.Equal(["sessionid" + fresh.SessionKey], left);
    }

    [Fact]
    public async Task SetExpirySeconds_PastItsAge_DjangoStillLoadsIt_ThisAppDoesNot()
    {
        // Django's file backend hands integer seconds straight back from get_expiry_age, so such a file never expires
        // on Django's side; this engine counts them from the mtime (see FileSessionExpiry). Pinned so a change shows.
        var engine = _sandbox.CreateEngine();
        var session = _sandbox.NewSession(engine);
        await session.LoadAsync();
        session["user_id"] = 7;
        session.SetExpiry(60);
        await session.SaveAsync();
        WrittenSecondsAgo(session.SessionKey!, 120);

        var django = await DjangoFilePeer.ReadAsync(Folder, FileEngineSandbox.Secret, session.SessionKey!);
        var mine = await engine.LoadAsync(session.SessionKey!);

        AssertSameData(new JsonObject { ["user_id"] = 7, [DjangoSession.ExpiryKey] = 60 }, django["data"]);
        Assert.Null(mine);
    }

    [Fact]
    public async Task FileWrittenByDjangoWithAnotherSecret_IsAnEmptySessionHere_WithSecurityWarning()
    {
        var key = await DjangoFilePeer.WriteAsync(Folder, OtherSecret, SampleData());

        var session = _sandbox.NewSession(_sandbox.CreateEngine(), key);
        await session.LoadAsync();

        Assert.Equal(0, session.Count);
        Assert.Equal(key, session.SessionKey);
        Assert.Contains(_sandbox.Logs.Entries, e => e.Category == SessionDataCodec.SecurityLogCategory && e.Level == LogLevel.Warning);
    }

    /// <summary>Backdates a session file, as if this app had saved it that long ago (FakeTimeProvider can't go back).</summary>
    private void WrittenSecondsAgo(string sessionKey, int seconds) =>
        File.SetLastWriteTimeUtc(_sandbox.SessionFile(sessionKey), _sandbox.Time.GetUtcNow().AddSeconds(-seconds).UtcDateTime);

    private async Task<DjangoSession> SaveAsync(JsonObject data)
    {
        var session = _sandbox.NewSession(_sandbox.CreateEngine());
        await session.LoadAsync();
        session.Update(data.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())).ToList());
        await session.SaveAsync();
        return session;
    }

    /// <summary>Unicode (BMP and astral), escapes, ints past 2^53, bools, null, nested objects and arrays.</summary>
    private static JsonObject SampleData() => new()
    {
        ["text"] = "h\u00e9llo \u4e2d\u6587 \U0001F600 \"q\" back\\slash\nline",
        ["user_id"] = 42,
        ["big_int"] = 9007199254740993L,
        ["is_login"] = true,
        ["nothing"] = null,
        ["nested"] = new JsonObject { ["list"] = new JsonArray(1, "two", null, new JsonObject { ["deep"] = "\u00fc" }) },
    };

    /// <summary>Same keys in the same order with the same values, as Django's serializer would write them.</summary>
    private static void AssertSameData(JsonObject expected, JsonNode? actual)
    {
        var actualObject = Assert.IsType<JsonObject>(actual);
        Assert.True(JsonNode.DeepEquals(expected, actualObject), $"expected {expected.ToJsonString()}\nactual {actualObject.ToJsonString()}");
        Assert.Equal(PythonJson.Serialize(expected), PythonJson.Serialize(actualObject));
    }

    public void Dispose() => _sandbox.Dispose();
}
