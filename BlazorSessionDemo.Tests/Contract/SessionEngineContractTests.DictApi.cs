using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The dict side of SessionBase: get, [], pop, setdefault and the accessed / modified flags they set
/// (Django: test_new_session, test_get_empty, test_store, test_pop*, test_setdefault).
/// </summary>
public abstract partial class SessionEngineContractTests
{
    [Fact]
    public void NewSession_IsEmpty_NotModified_NotAccessed()
    {
        var session = NewSession();

        Assert.True(session.IsEmpty);
        Assert.Null(session.SessionKey);
        Assert.False(session.Modified);
        Assert.False(session.Accessed);
    }

    [Fact]
    public async Task Load_NewSession_HasNoData_MarksAccessedNotModified()
    {
        var session = await LoadSessionAsync(null);

        Assert.Equal(0, session.Count);
        Assert.Empty(session.Keys);
        Assert.True(session.Accessed);
        Assert.False(session.Modified);
    }

    [Fact]
    public void DictApi_BeforeLoad_ThrowsInvalidOperation()
    {
        // The dict API is synchronous over loaded data; reading before LoadAsync is a programming error, not {}.
        var session = NewSession();

        Assert.Throws<InvalidOperationException>(() => session.Get("cat"));
    }

    [Fact]
    public async Task Get_MissingKey_ReturnsNull()
    {
        var session = await LoadSessionAsync(null);

        Assert.Null(session.Get("cat"));
        Assert.False(session.Modified);
    }

    [Fact]
    public async Task Get_MissingKey_ReturnsGivenDefault()
    {
        var session = await LoadSessionAsync(null);

        Assert.Equal("dog", session.Get("cat", JsonValue.Create("dog"))!.GetValue<string>());
        Assert.Equal(5, session.Get("lives", 5));
        Assert.False(session.ContainsKey("cat"));
    }

    [Fact]
    public async Task Get_KeyHoldingNull_ReturnsNullNotDefault()
    {
        // dict.get returns the stored None, not the default, when the key is present.
        var session = await LoadSessionAsync(null);
        session["cat"] = null;

        Assert.Null(session.Get("cat", JsonValue.Create("dog")));
        Assert.Null(session.Get<string>("cat", "dog"));
        Assert.True(session.ContainsKey("cat"));
    }

    [Fact]
    public async Task Indexer_SetThenGet_ReturnsValue_MarksModified()
    {
        var session = await LoadSessionAsync(null);

        session["cat"] = "dog";

        Assert.True(session.Modified);
        Assert.Equal("dog", session["cat"]!.GetValue<string>());
        Assert.Equal("dog", session.Get<string>("cat"));
    }

    [Fact]
    public async Task Indexer_Overwrite_ReplacesValue()
    {
        var session = await LoadSessionAsync(null);
        session["cat"] = "dog";

        session["cat"] = "mouse";

        Assert.Equal("mouse", session.Get<string>("cat"));
        Assert.Equal(1, session.Count);
    }

    [Fact]
    public async Task Indexer_MissingKey_ThrowsKeyNotFound()
    {
        // session["missing"] raises KeyError in Django.
        var session = await LoadSessionAsync(null);

        Assert.Throws<KeyNotFoundException>(() => session["missing"]);
    }

    [Fact]
    public async Task Indexer_AssignNodeOwnedByAnotherSession_StoresACopy()
    {
        // A JsonNode read from one session already has a parent; assigning it elsewhere must not fail or alias it.
        var first = await LoadSessionAsync(null);
        first["list"] = new JsonArray(1, 2);
        var second = await LoadSessionAsync(null);

        second["copy"] = first["list"];
        second["copy"]!.AsArray().Add(3);

        Assert.Equal(2, first["list"]!.AsArray().Count);
        Assert.Equal(3, second["copy"]!.AsArray().Count);
    }

    [Fact]
    public async Task Pop_PresentKey_ReturnsValue_RemovesIt_MarksModified()
    {
        var session = await LoadSessionAsync(null);
        session["some key"] = "exists";
        session.Modified = false;

        var value = session.Pop("some key");

        Assert.Equal("exists", value!.GetValue<string>());
        Assert.False(session.ContainsKey("some key"));
        Assert.True(session.Accessed);
        Assert.True(session.Modified);
    }

    [Fact]
    public async Task Pop_MissingKeyWithDefault_ReturnsDefault_NotModified()
    {
        // test_pop_default: pop of an absent key with a default changes nothing.
        var session = await LoadSessionAsync(null);

        var value = session.Pop("some key", "does not exist");

        Assert.Equal("does not exist", value!.GetValue<string>());
        Assert.True(session.Accessed);
        Assert.False(session.Modified);
    }

    [Fact]
    public async Task Pop_MissingKeyWithoutDefault_ThrowsKeyNotFound_NotModified()
    {
        // test_pop_no_default_keyerror_raised.
        var session = await LoadSessionAsync(null);

        Assert.Throws<KeyNotFoundException>(() => session.Pop("some key"));
        Assert.False(session.Modified);
    }

    [Fact]
    public async Task SetDefault_NewKey_StoresValue_MarksModified()
    {
        var session = await LoadSessionAsync(null);

        var value = session.SetDefault("foo", "bar");

        Assert.Equal("bar", value!.GetValue<string>());
        Assert.Equal("bar", session.Get<string>("foo"));
        Assert.True(session.Accessed);
        Assert.True(session.Modified);
    }

    [Fact]
    public async Task SetDefault_ExistingKey_ReturnsStoredValue_LeavesItUnchanged()
    {
        // test_setdefault: the second setdefault returns "bar", not "baz".
        var session = await LoadSessionAsync(null);
        session.SetDefault("foo", "bar");
        session.Modified = false;

        var value = session.SetDefault("foo", "baz");

        Assert.Equal("bar", value!.GetValue<string>());
        Assert.Equal("bar", session.Get<string>("foo"));
        Assert.False(session.Modified);
    }
}
