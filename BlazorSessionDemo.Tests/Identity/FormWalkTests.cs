using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Playground;

namespace BlazorSessionDemo.Tests.Identity;

/// <summary>
/// Walks every POST form of the app, anonymously and logged in as a non-staff user, and submits each with hostile
/// values - the login keys' names in every field, and JSON such as <c>3</c> (admin's id) beside them - then checks
/// that nobody became anyone: <c>/api/me</c> is still 401 (or the same user), <c>/admin/sessions</c> is not 200, and
/// the session holds no login key that login did not write.
/// </summary>
public sealed class FormWalkTests : IAsyncLifetime
{
    private static readonly string[] Pages =
        ["/", "/session_test/", "/session", "/cookies", "/settings", "/login", "/backend", "/account/sessions", "/account/password", "/admin/sessions"];

    private static readonly string[] HostileKeys =
    [
        SessionUser.UserIdKey, SessionUser.AuthUserIdKey, SessionUser.AuthHashKey, SessionUser.AuthBackendKey,
        SessionUser.IsLoginKey, SessionUser.UsernameKey, SessionUser.UserInfoKey,
    ];

    private static readonly string[] HostileValues = ["3", "\"3\""];

    // Dozens of hostile login-form posts from one address must not lock out the re-login after the logout form.
    private readonly AppFactory _app = new(new()
    {
        ["Auth:Lockout:MaxFailuresPerAccount"] = "100000",
        ["Auth:Lockout:MaxFailuresPerAddress"] = "100000",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryForm_Anonymous_HostileValues_MakeNobodyAnyone()
    {
        var client = _app.CreateBrowserLikeClient();

        var walked = await WalkAsync(client, loggedIn: null);

        Assert.True(walked >= 15, $"only {walked} forms found: the walk must reach the playground, /session_test/, /cookies and /login");
    }

    [Fact]
    public async Task EveryForm_LoggedInAsAlice_HostileValues_LeaveHerAlice()
    {
        var client = _app.CreateBrowserLikeClient();
        var alice = await LogInAsync(client);

        var walked = await WalkAsync(client, alice);

        Assert.True(walked >= 16, $"only {walked} forms found: the walk must reach /backend's logout form too");
    }

    /// <summary>Submits every form found on <see cref="Pages"/> with every hostile filling; returns how many forms there were.</summary>
    private async Task<int> WalkAsync(HttpClient client, Login? loggedIn)
    {
        var forms = new Dictionary<string, HtmlForm>();
        foreach (var page in Pages)
        {
            // Pages that redirect (login required) or don't exist yet have no forms for this visitor.
            foreach (var form in HtmlForms.PostForms(page, await (await client.GetAsync(page)).Content.ReadAsStringAsync()))
            {
                forms.TryAdd(form.Signature, form);
            }
        }
        foreach (var (signature, found) in forms)
        {
            foreach (var fields in Fillings(found))
            {
                // A fresh render for a fresh antiforgery token (and the form as the current state shows it).
                var form = HtmlForms.PostForms(found.Page, await (await client.GetAsync(found.Page)).Content.ReadAsStringAsync())
                    .FirstOrDefault(f => f.Signature == signature);
                if (form is null)
                {
                    // e.g. /backend after a logout form ended the session: log back in and carry on.
                    loggedIn = await ReloginAsync(client, loggedIn);
                    continue;
                }
                var body = form.Fields.Where(f => f.IsProtocol).Select(f => KeyValuePair.Create(f.Name, f.Value))
                    .Concat(fields(form));
                var response = await client.PostAsync(new Uri(new Uri("http://localhost" + form.Page), form.Action), new FormUrlEncodedContent(body));
                Assert.True((int)response.StatusCode < 500, $"{signature} answered {(int)response.StatusCode}");
                loggedIn = await AssertNobodyBecameAnyoneAsync(client, loggedIn, signature);
            }
        }
        return forms.Count;
    }

    /// <summary>Each hostile key in every field; then the key in the first field and a hostile JSON value in the others.</summary>
    private static IEnumerable<Func<HtmlForm, IEnumerable<KeyValuePair<string, string>>>> Fillings(HtmlForm form)
    {
        foreach (var key in HostileKeys)
        {
            yield return f => f.Fields.Where(x => !x.IsProtocol).Select(x => KeyValuePair.Create(x.Name, x.IsText ? key : x.Value));
            foreach (var value in HostileValues)
            {
                yield return f => f.Fields.Where(x => !x.IsProtocol)
                    .Select((x, i) => KeyValuePair.Create(x.Name, !x.IsText ? x.Value : i == FirstText(f) ? key : value));
            }
        }
    }

    private static int FirstText(HtmlForm form) =>
        form.Fields.Where(x => !x.IsProtocol).Select((x, i) => (x, i)).FirstOrDefault(p => p.x.IsText, (null!, -1)).i;

    private async Task<Login?> AssertNobodyBecameAnyoneAsync(HttpClient client, Login? loggedIn, string form)
    {
        var me = await client.GetAsync("/api/me");
        var admin = await client.GetAsync("/admin/sessions");
        Assert.NotEqual(HttpStatusCode.OK, admin.StatusCode);
        if (me.StatusCode == HttpStatusCode.OK)
        {
            var body = (await me.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.True(loggedIn is not null, $"after {form} an anonymous visitor is {body.ToJsonString()}");
            Assert.Equal(loggedIn.UserId, body["user_id"]!.GetValue<long>());
            Assert.False(body["is_staff"]!.GetValue<bool>());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }
        // Keys the last login wrote may remain (or be removed, which logs out); none may be new or changed.
        await AssertNoForeignLoginKeysAsync(client, loggedIn, form);
        return me.StatusCode == HttpStatusCode.OK || loggedIn is null ? loggedIn : await ReloginAsync(client, loggedIn);
    }

    /// <summary>The session's login keys are exactly what the last login wrote (none when anonymous).</summary>
    private async Task AssertNoForeignLoginKeysAsync(HttpClient client, Login? loggedIn, string form)
    {
        var page = await client.GetStringAsync(PlaygroundPage.PagePath);
        if (PlaygroundPage.Text(page, "cookie-value") is not { Length: > 0 } key
            || await PlaygroundPage.LoadAsync(_app, key) is not { } data)
        {
            return;
        }
        foreach (var (name, value) in data)
        {
            if (!SessionUser.LoginKeys.Contains(name) && !name.StartsWith("_auth", StringComparison.Ordinal))
            {
                continue;
            }
            Assert.True(loggedIn is not null && loggedIn.Keys.TryGetPropertyValue(name, out var written)
                && JsonNode.DeepEquals(written, value), $"after {form} the session holds {name} = {value?.ToJsonString()} that login did not write");
        }
    }

    private async Task<Login?> ReloginAsync(HttpClient client, Login? loggedIn) =>
        loggedIn is null ? null : await LogInAsync(client);

    private async Task<Login> LogInAsync(HttpClient client)
    {
        var response = await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await PlaygroundPage.LoadAsync(_app, AuthClient.SessionKeyOf(response)))!;
        var keys = new JsonObject();
        foreach (var name in SessionUser.LoginKeys)
        {
            keys[name] = data[name]?.DeepClone();
        }
        return new Login(data[SessionUser.UserIdKey]!.GetValue<long>(), keys);
    }

    private sealed record Login(long UserId, JsonObject Keys);
}
