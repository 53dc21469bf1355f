using System.Net;
using BlazorSessionDemo.Components.Pages.Cookies;

namespace BlazorSessionDemo.Tests.Cookies;

/// <summary>
/// Input a browser would drop or misread gets a message at its field, the page answers 200 (never 400), and no
/// Set-Cookie goes out for the cookie, so nothing half-works.
/// </summary>
public sealed class CookiesPageValidationTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public CookiesPageValidationTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("Key", "", "set-key-field", CookieRules.KeyRequired)]
    [InlineData("Key", "my cookie", "set-key-field", CookieRules.KeyNotToken)]
    [InlineData("Key", "a;b", "set-key-field", CookieRules.KeyNotToken)]
    [InlineData("Key", "a=b", "set-key-field", CookieRules.KeyNotToken)]
    [InlineData("Key", "a,b", "set-key-field", CookieRules.KeyNotToken)]
    [InlineData("Key", "a\u0001b", "set-key-field", CookieRules.KeyNotToken)]
    [InlineData("Key", "caf\u00e9", "set-key-field", CookieRules.KeyNotToken)]
    [InlineData("MaxAge", "-1", "set-max-age-field", CookieRules.MaxAgeNegative)]
    [InlineData("MaxAge", "sixty", "set-max-age-field", CookieRules.MaxAgeNotWhole)]
    [InlineData("MaxAge", "1.5", "set-max-age-field", CookieRules.MaxAgeNotWhole)]
    [InlineData("Expires", "next tuesday", "set-expires-field", CookieRules.ExpiresUnparseable)]
    [InlineData("Path", "shop", "set-path-field", CookieRules.PathMustStartWithSlash)]
    [InlineData("Path", "", "set-path-field", CookieRules.PathMustStartWithSlash)]
    [InlineData("Path", "/a;domain=evil.example", "set-path-field", CookieRules.PathIllegal)]
    [InlineData("Domain", "exa mple.com", "set-domain-field", CookieRules.DomainIllegal)]
    [InlineData("Domain", "example.com;secure", "set-domain-field", CookieRules.DomainIllegal)]
    [InlineData("Domain", "ex_ample.com", "set-domain-field", CookieRules.DomainIllegal)]
    [InlineData("SameSite", "Sometimes", "set-samesite-field", CookieRules.SameSiteUnknown)]
    public async Task Set_InvalidField_ShowsMessageAtThatField_AndSetsNothing(string field, string bad, string fieldId, string message)
    {
        var fields = new Dictionary<string, string> { ["Key"] = "flavour", ["Value"] = "oatmeal", ["Path"] = "/", [field] = bad };

        var answer = await CookiesPageClient.SetAsync(_client, fields);

        AssertRefused(answer, fields["Key"], fieldId, message);
    }

    [Fact]
    public async Task Set_SameSiteNoneWithoutSecure_IsRefusedAtSameSite()
    {
        var answer = await CookiesPageClient.SetAsync(_client, new() { ["Key"] = "k", ["Value"] = "v", ["Path"] = "/", ["SameSite"] = "None" });

        AssertRefused(answer, "k", "set-samesite-field", CookieRules.SameSiteNoneNeedsSecure);
    }

    [Fact]
    public async Task Set_MaxAgeAndExpiresTogether_IsRefusedAtExpires()
    {
        var answer = await CookiesPageClient.SetAsync(_client, new()
        {
            ["Key"] = "k", ["Value"] = "v", ["Path"] = "/", ["MaxAge"] = "60", ["Expires"] = "2031-01-01T00:00",
        });

        AssertRefused(answer, "k", "set-expires-field", CookieRules.ExpiresWithMaxAge);
    }

    [Theory]
    [InlineData("__Secure-id", "/", "", false, CookieRules.SecurePrefixNeedsSecure)]
    [InlineData("__Host-id", "/", "", false, CookieRules.HostPrefixRules)]
    [InlineData("__Host-id", "/shop", "", true, CookieRules.HostPrefixRules)]
    [InlineData("__Host-id", "/", "localhost", true, CookieRules.HostPrefixRules)]
    public async Task Set_PrefixedNameWithoutItsRequirements_IsRefusedAtKey(string key, string path, string domain, bool secure, string message)
    {
        var fields = new Dictionary<string, string> { ["Key"] = key, ["Value"] = "v", ["Path"] = path, ["Domain"] = domain };
        if (secure)
        {
            fields["Secure"] = "true";
        }

        var answer = await CookiesPageClient.SetAsync(_client, fields);

        AssertRefused(answer, key, "set-key-field", message);
    }

    [Fact]
    public async Task Set_ValueLargerThanBrowsersKeep_IsRefusedAtValue()
    {
        var answer = await CookiesPageClient.SetAsync(_client, new() { ["Key"] = "big", ["Value"] = new string('x', 4094), ["Path"] = "/" });

        AssertRefused(answer, "big", "set-value-field", CookieRules.TooLarge);
    }

    [Theory]
    [InlineData("Key", "", "delete-key-field", CookieRules.KeyRequired)]
    [InlineData("Key", "a b", "delete-key-field", CookieRules.KeyNotToken)]
    [InlineData("Path", "shop", "delete-path-field", CookieRules.PathMustStartWithSlash)]
    [InlineData("Domain", "a b", "delete-domain-field", CookieRules.DomainIllegal)]
    public async Task Delete_InvalidField_ShowsMessageAtThatField_AndDeletesNothing(string field, string bad, string fieldId, string message)
    {
        var fields = new Dictionary<string, string> { ["Key"] = "flavour", ["Path"] = "/", [field] = bad };

        var answer = await CookiesPageClient.DeleteAsync(_client, fields);

        AssertRefused(answer, fields["Key"], fieldId, message);
        Assert.Null(answer.Page.GetElementById("delete-result"));
    }

    private static void AssertRefused(CookiesPageAnswer answer, string key, string fieldId, string message)
    {
        Assert.Equal(HttpStatusCode.OK, answer.Response.StatusCode);
        Assert.Contains(message, answer.MessagesAt(fieldId));
        Assert.Empty(answer.SetCookieHeadersFor(key));
        Assert.Null(answer.Page.GetElementById("set-result"));
    }
}
