using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Components.Pages.Account;
using Bunit;

namespace BlazorSessionDemo.Tests.Components;

/// <summary>
/// Submitting <c>/login</c>. bUnit renders the page as an interactive component: it has no form-post model binding,
/// so <c>[SupplyParameterFromForm] Input</c> is never supplied and the page's own <c>Input ??= new()</c> holds the
/// model. The tests type into the bound inputs and submit the form, which runs the same EditForm validation and
/// <c>OnValidSubmit</c> handler as a real POST (that path is covered end to end by the browser tests).
/// </summary>
public sealed class LoginPageSubmitTests : IDisposable
{
    private readonly AccountPageHost host = new();

    [Fact]
    public async Task Submit_EmptyFields_ShowsBothValidationMessages()
    {
        var page = host.Render<Login>();

        await page.Find("form").SubmitAsync();

        Assert.Equal(["Enter your username or email.", "Enter your password."],
            page.FindAll(".validation-message").Select(m => m.TextContent));
        Assert.Equal("true", page.Find("#username").GetAttribute("aria-invalid"));
        Assert.Equal("true", page.Find("#password").GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task Submit_EmptyFields_DoesNotAuthenticate()
    {
        host.Request = ComponentStore.RequestWith(host.Store.NewSession());
        var page = host.Render<Login>();
        var before = host.Navigation.Uri;

        await page.Find("form").SubmitAsync();

        // Any call to AuthenticateAsync with an empty password returns null and sets the error, and a success would
        // navigate: neither happened, so validation stopped the submit before authentication (Django's form.is_valid()).
        Assert.Empty(page.FindAll("#login-error"));
        Assert.Equal(before, host.Navigation.Uri);
        Assert.False(ComponentStore.SessionOf(host.Request).IsLoaded);
    }

    [Fact]
    public async Task Submit_OnlyUsername_ShowsOnlyPasswordMessage()
    {
        var page = host.Render<Login>();

        page.Find("#username").Change("alice");
        await page.Find("form").SubmitAsync();

        Assert.Equal(["Enter your password."], page.FindAll(".validation-message").Select(m => m.TextContent));
        Assert.Equal("alice", page.Find("#username").GetAttribute("value"));
    }

    [Fact]
    public async Task Submit_WrongPassword_ShowsInvalidLoginAndKeepsUsername()
    {
        await host.Store.CreateUserAsync("alice", "alice-password");
        host.Request = ComponentStore.RequestWith(host.Store.NewSession());
        var page = host.Render<Login>();
        var before = host.Navigation.Uri;

        page.Find("#username").Change("alice");
        page.Find("#password").Change("not-alices-password");
        await page.Find("form").SubmitAsync();

        Assert.Equal(Login.InvalidLoginMessage, page.Find("#login-error").TextContent);
        Assert.Equal("alert", page.Find("#login-error").GetAttribute("role"));
        Assert.Equal("alice", page.Find("#username").GetAttribute("value"));
        // The password is never echoed back into the page.
        Assert.Equal("", page.Find("#password").GetAttribute("value"));
        Assert.Equal(before, host.Navigation.Uri);
        Assert.Null(ComponentStore.SessionOf(host.Request).SessionKey);
    }

    [Fact]
    public async Task Submit_UnknownUser_ShowsTheSameMessageAsWrongPassword()
    {
        await host.Store.CreateUserAsync("alice", "alice-password");
        host.Request = ComponentStore.RequestWith(host.Store.NewSession());
        var page = host.Render<Login>();

        page.Find("#username").Change("mallory");
        page.Find("#password").Change("alice-password");
        await page.Find("form").SubmitAsync();

        // Django's AuthenticationForm never says which of the two was wrong.
        Assert.Equal(Login.InvalidLoginMessage, page.Find("#login-error").TextContent);
    }

    [Fact]
    public async Task Submit_RightPassword_LogsSessionInAndGoesToBackend()
    {
        var alice = await host.Store.CreateUserAsync("alice", "alice-password");
        host.Request = ComponentStore.RequestWith(host.Store.NewSession());
        var page = host.Render<Login>();

        page.Find("#username").Change("  alice ");
        page.Find("#password").Change("alice-password");
        await page.Find("form").SubmitAsync();

        var session = ComponentStore.SessionOf(host.Request);
        Assert.Equal(alice.Id, session.GetUserId());
        Assert.Equal("alice", session.Get<string>(SessionUser.UsernameKey));
        Assert.Equal(SessionUser.UserInfo(alice), session.Get<string>(SessionUser.UserInfoKey));
        // A fresh session has no key to cycle: the response's save creates the row, under a key of the server's choosing.
        Assert.True(session.Modified);
        await session.SaveAsync();
        Assert.True(await host.Store.Engine.ExistsAsync(session.SessionKey!));
        Assert.Equal(host.Navigation.BaseUri + "backend", host.Navigation.Uri);
        Assert.Empty(page.FindAll("#login-error"));
    }

    [Theory]
    [InlineData("/session_test/", "session_test/")]
    [InlineData("https://evil.example/", "backend")]
    [InlineData("//evil.example/", "backend")]
    public async Task Submit_RightPassword_FollowsOnlyLocalReturnUrl(string returnUrl, string expectedPath)
    {
        await host.Store.CreateUserAsync("alice", "alice-password");
        host.Request = ComponentStore.RequestWith(host.Store.NewSession());
        host.Navigation.NavigateTo("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var page = host.Render<Login>();

        page.Find("#username").Change("alice");
        page.Find("#password").Change("alice-password");
        await page.Find("form").SubmitAsync();

        Assert.Equal(host.Navigation.BaseUri + expectedPath, host.Navigation.Uri);
    }

    public void Dispose() => host.Dispose();
}
