using System.Net;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Hashers;
using BlazorSessionDemo.Auth.Passwords;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using BlazorSessionDemo.Tests.Security;

namespace BlazorSessionDemo.Tests.Passwords;

/// <summary>
/// <c>/account/password</c> (Django's <c>PasswordChangeView</c>): logged-in users only, antiforgery, the policy's rules
/// each with its message at the new-password field, the current password checked, the confirmation compared; a refused
/// form changes nothing.
/// </summary>
public sealed class PasswordChangePageTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private EngineApp _app = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        _app = new EngineApp("db", redis);
        _alice = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Found, (await AuthClient.FormLoginAsync(_alice, "alice", "alice-password")).StatusCode);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Anonymous_IsSentToLogin()
    {
        var response = await _app.CreateClient().GetAsync(PasswordForms.ChangePath);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Faccount%2Fpassword", AuthClient.RedirectTarget(response));
    }

    [Fact]
    public async Task Page_HasTheThreeFields_AndIsLinkedFromTheNavAndTheBackend()
    {
        var page = await _alice.GetStringAsync(PasswordForms.ChangePath);
        var backend = await _alice.GetStringAsync("/backend");

        Assert.Contains("id=\"current-password\"", page);
        Assert.Contains("id=\"new-password\"", page);
        Assert.Contains("id=\"confirm-password\"", page);
        Assert.Contains("autocomplete=\"new-password\"", page);
        Assert.Contains("href=\"account/password\" id=\"nav-password\"", backend);
        Assert.Contains("href=\"account/password\" id=\"backend-change-password\"", backend);
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_Is400_AndChangesNothing()
    {
        var response = await _alice.PostAsync(PasswordForms.ChangePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["Input.CurrentPassword"] = "alice-password",
            ["Input.NewPassword"] = "a-brand-new-secret",
            ["Input.ConfirmPassword"] = "a-brand-new-secret",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertPasswordIsAsync("alice", "alice-password");
    }

    public static TheoryData<string, string> PolicyBreaches => new()
    {
        { "", PasswordPolicy.Required },
        { "short", PasswordPolicy.Default.TooShort },
        { "s3cr3t!", PasswordPolicy.Default.TooShort },
        { "1234567890123", PasswordPolicy.EntirelyNumeric },
        { "ALICE@Example.com", PasswordPolicy.SameAsEmail },
        { new string('p', 73), PasswordPolicy.TooLong },
        { new string('é', 37), PasswordPolicy.TooLong },
    };

    [Theory]
    [MemberData(nameof(PolicyBreaches))]
    public async Task NewPasswordBreakingARule_ShowsItsMessageAtTheField_AndChangesNothing(string newPassword, string message)
    {
        var response = await PasswordForms.ChangeAsync(_alice, "alice-password", newPassword);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([message], PasswordForms.MessagesAt(page, "new-password"));
        Assert.Empty(PasswordForms.MessagesAt(page, "current-password"));
        Assert.DoesNotContain("id=\"password-changed\"", page);
        await AssertPasswordIsAsync("alice", "alice-password");
    }

    [Fact]
    public async Task NewPasswordEqualToTheUsername_IgnoringCase_IsRefused()
    {
        var hash = _app.Services.GetRequiredService<DjangoPasswordHasher>().Hash("frederick-password");
        await AppData.AddUserAsync(_app.Factory, "frederick-the-great", "fred@example.com", hash);
        var fred = _app.CreateClient();
        await AuthClient.FormLoginAsync(fred, "frederick-the-great", "frederick-password");

        var page = await (await PasswordForms.ChangeAsync(fred, "frederick-password", "Frederick-The-Great")).Content.ReadAsStringAsync();

        Assert.Equal([PasswordPolicy.SameAsUsername], PasswordForms.MessagesAt(page, "new-password"));
        await AssertPasswordIsAsync("frederick-the-great", "frederick-password");
    }

    [Fact]
    public async Task WrongCurrentPassword_ShowsItsMessageAtTheField_AndChangesNothing()
    {
        var response = await PasswordForms.ChangeAsync(_alice, "not-alices-password", "a-brand-new-secret");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal([PasswordChange.CurrentIncorrect], PasswordForms.MessagesAt(page, "current-password"));
        Assert.Empty(PasswordForms.MessagesAt(page, "new-password"));
        Assert.DoesNotContain("not-alices-password", page);
        Assert.DoesNotContain("a-brand-new-secret", page);
        await AssertPasswordIsAsync("alice", "alice-password");
        Assert.Equal(HttpStatusCode.OK, (await _alice.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task ConfirmationMismatch_ShowsItsMessageAtTheConfirmField_AndChangesNothing()
    {
        var page = await (await PasswordForms.ChangeAsync(_alice, "alice-password", "a-brand-new-secret", "a-brand-new-secreT"))
            .Content.ReadAsStringAsync();

        Assert.Equal([PasswordChange.ConfirmMismatch], PasswordForms.MessagesAt(page, "confirm-password"));
        Assert.Empty(PasswordForms.MessagesAt(page, "new-password"));
        await AssertPasswordIsAsync("alice", "alice-password");
    }

    [Fact]
    public async Task Success_StoresABcryptSha256HashAtTheConfiguredWorkFactor_AndTheNewPasswordLogsIn()
    {
        var response = await PasswordForms.ChangeAsync(_alice, "alice-password", "a-brand-new-secret");

        Assert.Contains("id=\"password-changed\"", await response.Content.ReadAsStringAsync());
        var alice = await AppData.UserAsync(_app.Factory, "alice");
        Assert.StartsWith("bcrypt_sha256$$2b$10$", alice.PasswordHash);
        await AssertPasswordIsAsync("alice", "a-brand-new-secret");
        Assert.Equal(HttpStatusCode.BadRequest,
            (await AuthClient.ApiLoginAsync(_app.CreateClient(), "alice@example.com", "alice-password")).StatusCode);
    }

    private async Task AssertPasswordIsAsync(string username, string password)
    {
        var user = await AppData.UserAsync(_app.Factory, username);
        Assert.True(_app.Services.GetRequiredService<DjangoPasswordHasher>().Verify(user.PasswordHash, password),
            $"{username}'s password is no longer the expected one.");
    }
}
