using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// A session reads the data it loaded in place (engines with a shared load hand out their memo's own dict) and copies
/// it before its first change or the first node it hands out. Whatever path a change takes, an unsaved change is this
/// request's alone: the next load of the same key, and every other request reading it meanwhile, see what is stored.
/// Django gets this for free (each request unpickles its own dict); here it is the contract every engine keeps.
/// </summary>
public abstract partial class SessionEngineContractTests
{
    public enum UnsavedChange
    {
        NestedNodeChangedInPlace,
        IndexerSet,
        SetT,
        Remove,
        Pop,
        Update,
        Clear,
        ReplacedThroughParent,
        RootReachedFromAValue,
        TypedGetChangedInPlace,
    }

    [Theory]
    [InlineData(UnsavedChange.NestedNodeChangedInPlace)]
    [InlineData(UnsavedChange.IndexerSet)]
    [InlineData(UnsavedChange.SetT)]
    [InlineData(UnsavedChange.Remove)]
    [InlineData(UnsavedChange.Pop)]
    [InlineData(UnsavedChange.Update)]
    [InlineData(UnsavedChange.Clear)]
    [InlineData(UnsavedChange.ReplacedThroughParent)]
    [InlineData(UnsavedChange.RootReachedFromAValue)]
    [InlineData(UnsavedChange.TypedGetChangedInPlace)]
    public async Task UnsavedChange_NeverReachesTheNextLoad(UnsavedChange change)
    {
        var saved = await SaveNewSessionAsync(("cart", new JsonObject { ["items"] = new JsonArray(1, 2) }), ("name", "zoë"), ("n", 7));
        var first = await LoadSessionAsync(saved.SessionKey);
        Assert.True(first.TryGetValue<string>("name", out _));

        switch (change)
        {
            case UnsavedChange.NestedNodeChangedInPlace:
                first["cart"]!["items"]!.AsArray().Add(3);
                break;
            case UnsavedChange.IndexerSet:
                first["name"] = "mallory";
                break;
            case UnsavedChange.SetT:
                first.Set("n", 8);
                break;
            case UnsavedChange.Remove:
                first.Remove("cart");
                break;
            case UnsavedChange.Pop:
                first.Pop("n");
                break;
            case UnsavedChange.Update:
                first.Update([new("name", "mallory")]);
                break;
            case UnsavedChange.Clear:
                first.Clear();
                break;
            case UnsavedChange.ReplacedThroughParent:
                first.Get("name")!.ReplaceWith("mallory");
                break;
            case UnsavedChange.RootReachedFromAValue:
                first.Get("n")!.Root.AsObject()["user_id"] = 1;
                break;
            case UnsavedChange.TypedGetChangedInPlace:
                first.Get<JsonObject>("cart")!["items"]!.AsArray().Add(3);
                break;
        }

        var next = await LoadSessionAsync(saved.SessionKey);
        Assert.Equal("""{"cart":{"items":[1,2]},"name":"zoë","n":7}""", Compact(next));
    }

    [Fact]
    public async Task ReadInPlace_ThenChanged_SavesTheChange_AndOtherReadersKeepTheStoredData()
    {
        var saved = await SaveNewSessionAsync(("name", "zoë"), ("n", 7));
        var reader = await LoadSessionAsync(saved.SessionKey);
        var writer = await LoadSessionAsync(saved.SessionKey);
        Assert.True(writer.TryGetValue<long>("n", out var n));

        writer.Set("n", n + 1);
        writer["extra"] = "yes";

        Assert.True(reader.TryGetValue<long>("n", out var seen));
        Assert.Equal(7, seen);
        Assert.False(reader.ContainsKey("extra"));
        Assert.Equal(2, reader.Count);
        await writer.SaveAsync();
        Assert.Equal("""{"name":"zoë","n":8,"extra":"yes"}""", Compact(await LoadSessionAsync(writer.SessionKey)));
        Assert.Equal("""{"name":"zoë","n":7}""", Compact(reader));
    }

    [Fact]
    public async Task ManyReadersOfOneKey_WhileEachChangesItsOwnCopy_EachSeesOnlyItsOwnChange()
    {
        var saved = await SaveNewSessionAsync(("name", "zoë"), ("tags", new JsonArray("a", "b")));

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            var session = await LoadSessionAsync(saved.SessionKey);
            var name = session.TryGetValue<string>("name", out var text) ? text : null;
            if (i % 2 == 0)
            {
                session["tags"]!.AsArray().Add($"t{i}");
                session["name"] = $"n{i}";
            }
            return (i, name, json: Compact(session));
        })));

        foreach (var (i, name, json) in results)
        {
            Assert.Equal("zoë", name);
            Assert.Equal(i % 2 == 0 ? $$"""{"name":"n{{i}}","tags":["a","b","t{{i}}"]}""" : """{"name":"zoë","tags":["a","b"]}""", json);
        }
        Assert.Equal("""{"name":"zoë","tags":["a","b"]}""", Compact(await LoadSessionAsync(saved.SessionKey)));
    }

    [Fact]
    public async Task AbsoluteClockStartedOnLoad_IsStampedInThisSessionOnly_UntilSaved()
    {
        var saved = await SaveNewSessionAsync(("name", "zoë"));
        // Switched on after the session was stored: its clock starts at its next load (SessionLifetime.CheckAbsolute).
        Settings.AbsoluteTimeout = 3600;

        var first = await LoadSessionAsync(saved.SessionKey);
        var second = await LoadSessionAsync(saved.SessionKey);

        Assert.True(first.Modified);
        Assert.True(first.ContainsKey(DjangoSession.CreatedKey));
        Assert.True(second.Modified);
        Assert.True(second.ContainsKey(DjangoSession.CreatedKey));
        Settings.AbsoluteTimeout = null;
        Assert.False((await LoadSessionAsync(saved.SessionKey)).ContainsKey(DjangoSession.CreatedKey));
    }

    [Fact]
    public async Task TryGetValue_ReadsScalarsAsStored_AndNothingElse()
    {
        var saved = await SaveNewSessionAsync(("text", "zoë"), ("whole", 42), ("real", 2.5), ("flag", true), ("none", null),
            ("obj", new JsonObject { ["a"] = 1 }), ("list", new JsonArray(1)), ("digits", "17"));
        var session = await LoadSessionAsync(saved.SessionKey);

        Assert.True(session.TryGetValue<string>("text", out var text));
        Assert.Equal("zoë", text);
        Assert.True(session.TryGetValue<long>("whole", out var whole));
        Assert.Equal(42, whole);
        Assert.True(session.TryGetValue<double>("real", out var real));
        Assert.Equal(2.5, real);
        Assert.True(session.TryGetValue<bool>("flag", out var flag));
        Assert.True(flag);
        Assert.False(session.TryGetValue<long>("real", out _));
        Assert.False(session.TryGetValue<long>("digits", out _));
        Assert.False(session.TryGetValue<string>("whole", out _));
        Assert.False(session.TryGetValue<string>("none", out _));
        Assert.False(session.TryGetValue<string>("obj", out _));
        Assert.False(session.TryGetValue<long>("list", out _));
        Assert.False(session.TryGetValue<string>("missing", out var missing));
        Assert.Null(missing);
        Assert.False(session.Modified);
    }

    [Fact]
    public async Task TryGetValue_RefusesUseBeforeTheLoad_AsTheDictApiDoes()
    {
        var saved = await SaveNewSessionAsync(("name", "zoë"));
        var unloaded = NewSession(saved.SessionKey);

        Assert.Throws<InvalidOperationException>(() => unloaded.TryGetValue<string>("name", out _));
        Assert.Throws<InvalidOperationException>(() => unloaded.Get("name"));
    }

    private static string Compact(DjangoSession session) =>
        new JsonObject(session.Items.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString(
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
