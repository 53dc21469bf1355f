using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// What a session can hold: Django's JSONSerializer stores JSON kinds only, and anything else fails with
/// "Object of type X is not JSON serializable" when the session is encoded. Here the failure comes earlier, at
/// assignment, naming the key; and every JSON kind survives a save and a fresh load unchanged.
/// </summary>
public abstract partial class SessionEngineContractTests
{
    public sealed record Address(string City, string Postcode);

    public sealed record Profile(string Name, int Age, bool Staff, Address Home, string[] Tags);

    private sealed class Cyclic
    {
        public string Name { get; set; } = "loop";

        public Cyclic? Self { get; set; }
    }

    [Fact]
    public async Task SetT_Poco_RoundTripsThroughSaveAndLoad()
    {
        var profile = new Profile("Zoë", 42, true, new Address("Lyon", "69001"), ["a", "b"]);
        var session = await LoadSessionAsync(null);
        session.Set("profile", profile);
        await session.SaveAsync();

        var loaded = (await LoadSessionAsync(session.SessionKey)).Get<Profile>("profile");

        Assert.NotNull(loaded);
        Assert.Equal(profile with { Tags = loaded.Tags }, loaded);
        Assert.Equal(["a", "b"], loaded.Tags);
    }

    [Fact]
    public async Task SetT_Delegate_ThrowsNotSerializable_NamingKey_StoresNothing()
    {
        var session = await LoadSessionAsync(null);
        Action callback = () => { };

        var error = Assert.Throws<SessionValueNotSerializableException>(() => session.Set("callback", callback));

        Assert.Equal("callback", error.Key);
        Assert.Contains("callback", error.Message);
        Assert.False(session.ContainsKey("callback"));
        Assert.False(session.Modified);
    }

    [Fact]
    public async Task SetT_CyclicObject_ThrowsNotSerializable_NamingKey()
    {
        var session = await LoadSessionAsync(null);
        var cyclic = new Cyclic();
        cyclic.Self = cyclic;

        var error = Assert.Throws<SessionValueNotSerializableException>(() => session.Set("graph", cyclic));

        Assert.Equal("graph", error.Key);
        Assert.Equal(typeof(Cyclic), error.ValueType);
        Assert.False(session.ContainsKey("graph"));
    }

    [Fact]
    public async Task Value_UnicodeString_RoundTrips()
    {
        const string text = "héllo \"wörld\" \\ / \n\t 日本語 ✓ 😀 \u0001";

        var loaded = await RoundTripAsync(text);

        Assert.Equal(text, loaded!.GetValue<string>());
    }

    [Fact]
    public async Task Value_Integers_RoundTripWithoutPrecisionLoss()
    {
        // 2^53 + 1 is where a double would round; Python ints and JSON text keep it exact.
        var loaded = await RoundTripAsync(new JsonArray(0, -7, int.MaxValue, 9_007_199_254_740_993L));

        Assert.Equal([0L, -7L, int.MaxValue, 9_007_199_254_740_993L], loaded!.AsArray().Select(n => n!.GetValue<long>()));
    }

    [Fact]
    public async Task Value_Floats_RoundTrip()
    {
        var loaded = await RoundTripAsync(new JsonArray(0.1, -2.5, 1.5e300, 3.141592653589793));

        Assert.Equal([0.1, -2.5, 1.5e300, 3.141592653589793], loaded!.AsArray().Select(n => n!.GetValue<double>()));
    }

    [Fact]
    public async Task Value_Booleans_RoundTrip()
    {
        var loaded = await RoundTripAsync(new JsonArray(true, false));

        Assert.Equal([true, false], loaded!.AsArray().Select(n => n!.GetValue<bool>()));
    }

    [Fact]
    public async Task Value_Null_RoundTripsAsPresentKey()
    {
        var loaded = await RoundTripAsync(null);

        Assert.Null(loaded);
    }

    [Fact]
    public async Task Value_NestedListsAndObjects_RoundTrip()
    {
        var value = new JsonObject
        {
            ["list"] = new JsonArray(1, "two", null, new JsonArray(true, 3.5), new JsonObject { ["k"] = "v" }),
            ["dict"] = new JsonObject { ["inner"] = new JsonObject { ["deep"] = new JsonArray() }, ["empty"] = new JsonObject() },
            ["ключ"] = "значение",
        };

        var loaded = await RoundTripAsync(value);

        Assert.True(JsonNode.DeepEquals(value, loaded), $"expected {value.ToJsonString()} got {loaded?.ToJsonString()}");
    }
}
