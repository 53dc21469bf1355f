using System.Text.Json.Nodes;
using DjangoSessions.Engines.SignedCookies;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// This app and a real Django 3.2 app on one SECRET_KEY read each other's signed_cookies sessions. Both check
/// max_age against the real clock, so the cookies here are signed at the current time.
/// </summary>
public sealed class SignedCookieDjangoInteropTests : IDisposable
{
    private const string Secret = "interop-signed-cookie-secret-shared-by-both-0123456789";

    private readonly SignedCookieTestBed _bed = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task CookieWrittenByThisApp_IsReadByDjango_WithTheSameData_PlusTheSessionId()
    {
        var session = new DjangoSessions.DjangoSession(_bed.CreateEngine(Secret), _bed.Settings, _bed.Time);
        await session.LoadAsync();
        session.Update(SampleData());
        await session.SaveAsync();

        var django = await DjangoSignedCookiePeer.ReadAsync(Secret, session.SessionKey!);

        Assert.True(django["valid"]!.GetValue<bool>(), django.ToJsonString());
        var data = django["data"]!.AsObject();
        Assert.Matches("^[a-z0-9]{32}$", data[SignedCookieCodec.SessionIdKey]!.GetValue<string>());
        data.Remove(SignedCookieCodec.SessionIdKey);
        AssertSameJson(SampleData(), data);
        Assert.Equal(_bed.Settings.Cookie.CookieAge, django["expiry_age"]!.GetValue<int>());
    }

    [Fact]
    public async Task CookieWrittenByDjango_IsLoadedByThisApp_WithTheSameData()
    {
        var cookie = await DjangoSignedCookiePeer.WriteAsync(Secret, SampleData());
        var session = new DjangoSessions.DjangoSession(_bed.CreateEngine(Secret), _bed.Settings, _bed.Time, cookie);

        await session.LoadAsync();

        Assert.Equal(cookie, session.SessionKey);
        AssertSameJson(SampleData(), new JsonObject(session.Items.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));
        Assert.Equal(9007199254740993L, session.Get<long>("big_int"));
    }

    [Fact]
    public async Task CookieWrittenByDjango_CanBeLoggedOutHere_AndStaysLoggedOut()
    {
        var cookie = await DjangoSignedCookiePeer.WriteAsync(Secret, SampleData());
        var engine = _bed.CreateEngine(Secret);
        var session = new DjangoSessions.DjangoSession(engine, _bed.Settings, _bed.Time, cookie);
        await session.LoadAsync();

        await session.FlushAsync();

        Assert.Null(await engine.LoadAsync(cookie));
    }

    [Fact]
    public async Task CookieSignedWithAnotherSecret_IsRejectedByBoth()
    {
        var foreign = await DjangoSignedCookiePeer.WriteAsync("some-other-apps-secret-9876543210-zyxwvu", SampleData());

        var django = await DjangoSignedCookiePeer.ReadAsync(Secret, foreign);

        Assert.False(django["valid"]!.GetValue<bool>());
        Assert.Null(await _bed.CreateEngine(Secret).LoadAsync(foreign));
    }

    private static JsonObject SampleData() => new()
    {
        ["user_id"] = 42,
        ["big_int"] = 9007199254740993L,
        ["text"] = "h\u00e9llo \u4e2d\u6587 \U0001F600 \"q\" back\\slash",
        ["is_login"] = true,
        ["nothing"] = null,
        ["tags"] = new JsonArray("a", 1.5, false),
        ["nested"] = new JsonObject { ["k"] = new JsonObject { ["deep"] = new JsonArray() } },
    };

    private static void AssertSameJson(JsonNode expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nactual {actual?.ToJsonString()}");
}
