using System.Net;
using BlazorSessionDemo.Auth.Hashers;
using BlazorSessionDemo.Components.Pages.Account;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Security;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Interop.SharedLogin;

/// <summary>
/// Users Django created, with each password hasher a Django 3.2 site may hold, log in here; their hash is replaced by
/// bcrypt_sha256 at the configured cost (Django's check_password setter), which Django still verifies; last_login is
/// set. What cannot log in (wrong password, inactive user, a hasher this app does not know, a malformed or unusable
/// stored password) is refused with the one generic message, after one verification, and never a 500.
/// </summary>
public sealed class DjangoHashersLoginTests(DjangoSharedSite site) : IClassFixture<DjangoSharedSite>
{
    [Theory]
    [InlineData("pbkdf2_sha256", null)]
    [InlineData("pbkdf2_sha1", null)]
    [InlineData("bcrypt", 10)]
    [InlineData("bcrypt_sha256", 11)]
    [InlineData("argon2", null)]
    public async Task DjangoUser_LogsInHere_IsRehashedToBcryptSha256_AndDjangoStillVerifiesTheNewHash(string hasher, int? rounds)
    {
        var username = "made_" + hasher;
        var password = "pässwörd for " + hasher;
        var created = await site.Django.CreateUserAsync(username, password, hasher, rounds);
        Assert.StartsWith(hasher + "$", created["password"]!.GetValue<string>());

        var login = await AuthClient.FormLoginAsync(site.CreateBrowser(), username, password);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/backend", AuthClient.RedirectTarget(login));
        var stored = (await site.UserAsync(username)).PasswordHash;
        Assert.StartsWith("bcrypt_sha256$$2b$10$", stored);
        Assert.True(await site.Django.ChecksPasswordAsync(username, password));
        Assert.False(await site.Django.ChecksPasswordAsync(username, password + "x"));
        Assert.NotNull((await site.Django.UserAsync(username))["last_login"]);
        Assert.Equal(username, await site.Django.WhoAmIAsync(AuthClient.SessionKeyOf(login)));
    }

    [Fact]
    public async Task DjangoCreatesuperuser_LogsInHere_AsStaff_AndTheHashAtTheConfiguredCostIsKept()
    {
        var created = await site.Django.SendAsync(new()
        {
            ["op"] = "createsuperuser", ["username"] = "dj_root", ["email"] = "root@example.com", ["password"] = "root-password-2026",
        });
        var before = created["password"]!.GetValue<string>();
        using var browser = site.CreateBrowser();

        var login = await AuthClient.FormLoginAsync(browser, "root@example.com", "root-password-2026");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/sessions")).StatusCode);
        // Django's site writes bcrypt_sha256 at the app's cost: nothing to upgrade, so the other sessions stay.
        Assert.Equal(before, (await site.UserAsync("dj_root")).PasswordHash);
    }

    [Fact]
    public async Task WrongPassword_InactiveUser_UnknownHasher_MalformedAndUnusablePasswords_AreRefusedAlike()
    {
        const string password = "refused-password-2026";
        string[] users = ["r_wrong", "r_inactive", "r_md5", "r_nohasher", "r_bad_iterations", "r_huge_iterations", "r_bad_argon2", "r_bad_bcrypt", "r_unusable"];
        foreach (var user in users)
        {
            await site.Django.CreateUserAsync(user, password, "pbkdf2_sha256");
        }
        await using (var db = site.CreateContext())
        {
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
                db.Users.Where(u => u.Username == "r_inactive"), u => u.SetProperty(x => x.IsActive, false));
        }
        // Django's MD5PasswordHasher: a real Django format this app does not verify.
        await site.SetPasswordFieldAsync("r_md5", "md5$salt$2a8fd0f5b6e1e8d5d2f1b8e9e8f3a7c1");
        await site.SetPasswordFieldAsync("r_nohasher", "plain-text-no-dollar");
        await site.SetPasswordFieldAsync("r_bad_iterations", "pbkdf2_sha256$-5$salt$W26opscbK4HoGRKxO+jiOGUi8MYNLULkmboSML84lbE=");
        await site.SetPasswordFieldAsync("r_huge_iterations", "pbkdf2_sha256$999999999999$salt$W26opscbK4HoGRKxO+jiOGUi8MYNLULkmboSML84lbE=");
        await site.SetPasswordFieldAsync("r_bad_argon2", "argon2$argon2id$v=19$m=4294967296,t=2,p=8$c2FsdHNhbHQ$aGFzaA");
        await site.SetPasswordFieldAsync("r_bad_bcrypt", "bcrypt_sha256$$2b$99$igSr.rYGUmFY/zhHzGpzvuZyUyok.a2sDG8babWULo4RFcQ9kdIq");
        await site.SetPasswordFieldAsync("r_unusable", "!" + new string('x', 40));
        using var verifications = new BcryptCounter(site.App.Services);

        foreach (var user in users)
        {
            var before = verifications.Count;
            var response = await AuthClient.FormLoginAsync(site.CreateBrowser(), user, user == "r_wrong" ? "not-the-password" : password);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"id=\"login-error\">{WebUtility.HtmlEncode(Login.InvalidLoginMessage)}<", await response.Content.ReadAsStringAsync());
            Assert.True(verifications.Count - before == 1, $"{user}: {verifications.Count - before} verifications");
        }
        Assert.Contains(site.Logs.Entries, e => e.EventId.Id == 2030 && e.Level == LogLevel.Warning && e.Message.Contains("'md5'"));
        Assert.Contains(site.Logs.Entries, e => e.EventId.Id == 2031 && e.Message.Contains("'argon2'"));
        Assert.Contains(site.Logs.Entries, e => e.EventId.Id == 2031 && e.Message.Contains("'pbkdf2_sha256'"));
    }
}
