using System.Net;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Passwords;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorSessionDemo.Tests.Interop.SharedLogin;

/// <summary>
/// One login for a Django site and this app (issue 17), against real Django 3.2 on the same SQLite file and secret:
/// a login on either side is a login on both, a logout on either side ends it on both, and a password change on either
/// side ends the user's other sessions on both (Django's _auth_user_hash).
/// </summary>
public sealed class DjangoSharedLoginTests(DjangoSharedSite site) : IClassFixture<DjangoSharedSite>
{
    private const string Password = "shared-password-2026";

    [Fact]
    public async Task LogInOnDjango_BackendHereSaysHelloToThatUser_AndTheSessionGetsTheSeedKeys()
    {
        await site.Django.CreateUserAsync("dj_hello", Password, "bcrypt_sha256");
        var key = await site.Django.LoginAsync("dj_hello", Password);
        Assert.NotNull(key);

        var backend = await GetBackendAsync(key!);

        Assert.Equal(HttpStatusCode.OK, backend.StatusCode);
        Assert.Contains("hello dj_hello", await backend.Content.ReadAsStringAsync());
        var user = await site.UserAsync("dj_hello");
        var data = (await site.Django.SendAsync(new() { ["op"] = "session", ["session_key"] = key }))["data"]!.AsObject();
        Assert.Equal(user.Id, data[SessionUser.UserIdKey]!.GetValue<long>());
        Assert.Equal("dj_hello", data[SessionUser.UsernameKey]!.GetValue<string>());
        Assert.Equal(SessionUser.UserInfo(user), data[SessionUser.UserInfoKey]!.GetValue<string>());
        Assert.Equal("true", data[SessionUser.IsLoginKey]!.GetValue<string>());
        // Still Django's login after the app wrote to it.
        Assert.Equal("dj_hello", await site.Django.WhoAmIAsync(key!));
    }

    [Fact]
    public async Task LogInHere_DjangosPageShowsThatUser()
    {
        using var browser = site.CreateBrowser();
        var login = await AuthClient.FormLoginAsync(browser, "bob", "bob-password");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        Assert.Equal("bob", await site.Django.WhoAmIAsync(AuthClient.SessionKeyOf(login)));
    }

    [Fact]
    public async Task LogOutOnDjango_IsAnonymousOnBoth()
    {
        await site.Django.CreateUserAsync("dj_logout", Password, "bcrypt_sha256");
        var key = (await site.Django.LoginAsync("dj_logout", Password))!;
        Assert.Equal(HttpStatusCode.OK, (await GetBackendAsync(key)).StatusCode);

        await site.Django.LogoutAsync(key);

        Assert.Null(await site.Django.WhoAmIAsync(key));
        AssertSentToLogin(await GetBackendAsync(key));
    }

    [Fact]
    public async Task LogOutHere_IsAnonymousOnBoth()
    {
        using var browser = site.CreateBrowser();
        var key = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(browser, "alice", "alice-password"));
        Assert.Equal("alice", await site.Django.WhoAmIAsync(key));

        await AuthClient.PostLogoutFormAsync(browser);

        Assert.Null(await site.Django.WhoAmIAsync(key));
        AssertSentToLogin(await GetBackendAsync(key));
    }

    [Fact]
    public async Task ChangePasswordHere_EndsTheUsersDjangoSessions_AndThisSessionStaysLoggedIn()
    {
        await site.Django.CreateUserAsync("dj_change_here", Password, "bcrypt_sha256");
        var djangoKey = (await site.Django.LoginAsync("dj_change_here", Password))!;
        using var browser = site.CreateBrowser();
        await AuthClient.FormLoginAsync(browser, "dj_change_here", Password);

        var changed = await PasswordForms.ChangeAsync(browser, Password, "changed-here-2026");

        Assert.Contains("id=\"password-changed\"", await changed.Content.ReadAsStringAsync());
        Assert.Null(await site.Django.WhoAmIAsync(djangoKey));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/backend")).StatusCode);
        Assert.True(await site.Django.ChecksPasswordAsync("dj_change_here", "changed-here-2026"));
    }

    [Fact]
    public async Task ChangePasswordOnDjango_EndsTheUsersSessionsHere_AndDjangosOwnStaysLoggedIn()
    {
        await site.Django.CreateUserAsync("dj_change_there", Password, "bcrypt_sha256");
        using var browser = site.CreateBrowser();
        var hereKey = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(browser, "dj_change_there", Password));
        var djangoKey = (await site.Django.LoginAsync("dj_change_there", Password))!;

        var changed = await site.Django.SendAsync(new()
        {
            ["op"] = "change_password", ["session_key"] = djangoKey, ["old"] = Password, ["new"] = "changed-there-2026",
        });

        Assert.Equal(302, changed["status"]!.GetValue<int>());
        AssertSentToLogin(await GetBackendAsync(hereKey));
        Assert.Equal("dj_change_there", await site.Django.WhoAmIAsync(changed["session_key"]!.GetValue<string>()));
        var relogin = await AuthClient.FormLoginAsync(site.CreateBrowser(), "dj_change_there", "changed-there-2026");
        Assert.Equal(HttpStatusCode.Redirect, relogin.StatusCode);
    }

    [Fact]
    public async Task DjangoSession_WithAStaleOrForgedAuthHash_IsAnonymousHere_AndGetsNoSeedKeys()
    {
        await site.Django.CreateUserAsync("dj_forged", Password, "bcrypt_sha256");
        var user = await site.UserAsync("dj_forged");
        string[] wrongHashes = [new string('0', 64), "", SessionAuthHash.Compute(user.PasswordHash, "another-secret-key-0123456789abcdef")];
        foreach (var hash in wrongHashes)
        {
            var key = await DjangoPeer.WriteAsync(site.DbPath, DjangoSharedSite.Secret, new()
            {
                [SessionUser.AuthUserIdKey] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [SessionUser.AuthBackendKey] = SessionUser.ModelBackend,
                [SessionUser.AuthHashKey] = hash,
            });

            AssertSentToLogin(await GetBackendAsync(key));
            var data = await DjangoPeer.ReadAsync(site.DbPath, DjangoSharedSite.Secret, key);
            Assert.Null(data["data"]![SessionUser.UserIdKey]);
        }
    }

    private async Task<HttpResponseMessage> GetBackendAsync(string sessionKey)
    {
        using var client = site.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        return await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/backend", sessionKey);
    }

    private static void AssertSentToLogin(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", AuthClient.RedirectTarget(response));
    }
}
