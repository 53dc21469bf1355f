using System.Security.Claims;
using BlazorSessionDemo.Components.Pages.Account;
using Bunit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace BlazorSessionDemo.Tests.Components;

/// <summary>
/// <c>/login</c> as it is first served: the form a browser posts back (field names are what
/// <c>[SupplyParameterFromForm]</c> binds on the POST), its antiforgery token, and the notices around it.
/// </summary>
public sealed class LoginPageRenderTests : IDisposable
{
    private readonly AccountPageHost host = new();

    [Fact]
    public void Render_ShowsPostFormWithUsernameAndPasswordInputs()
    {
        var page = host.Render<Login>();

        var form = page.Find("form");
        Assert.Equal("post", form.GetAttribute("method"));
        var username = form.QuerySelector("input#username")!;
        Assert.Equal("Input.Username", username.GetAttribute("name"));
        Assert.Equal("username", username.GetAttribute("autocomplete"));
        Assert.Equal("", username.GetAttribute("value"));
        var password = form.QuerySelector("input#password")!;
        Assert.Equal("Input.Password", password.GetAttribute("name"));
        Assert.Equal("password", password.GetAttribute("type"));
        Assert.Equal("current-password", password.GetAttribute("autocomplete"));
        Assert.Equal("submit", form.QuerySelector("button#login-submit")!.GetAttribute("type"));
        // Labels point at the inputs, so screen readers and clicks on the label reach them.
        Assert.Equal(["username", "password", "remember-me"], page.FindAll("label").Select(l => l.GetAttribute("for")));
        Assert.Empty(page.FindAll("#login-error"));
    }

    [Fact]
    public void Render_ShowsDemoAccountsHint()
    {
        var page = host.Render<Login>();

        var hint = page.Find("p.hint");
        Assert.Contains("alice / alice-password", hint.TextContent);
        Assert.Contains("bob / bob-password", hint.TextContent);
        Assert.Contains("admin / admin-password (staff)", hint.TextContent);
    }

    [Fact]
    public async Task Render_FormCarriesAntiforgeryTokenThatValidatesForTheRequest()
    {
        var page = host.Render<Login>();

        var hidden = page.Find("form input[type=hidden][name=__RequestVerificationToken]");
        var fieldName = hidden.GetAttribute("name")!;
        var token = hidden.GetAttribute("value")!;
        Assert.NotEmpty(token);

        // The browser posts the token back with the cookie the same response set: the real validation must accept it.
        var cookie = SetCookieHeaderValue.Parse(host.Request.Response.Headers.SetCookie.ToString());
        var post = new DefaultHttpContext { RequestServices = host.Ui.Services };
        post.Request.Method = HttpMethods.Post;
        post.Request.Headers.Cookie = $"{cookie.Name}={cookie.Value}";
        post.Request.ContentType = "application/x-www-form-urlencoded";
        post.Request.Form = new FormCollection(new() { [fieldName] = token });
        var antiforgery = host.Ui.Services.GetRequiredService<IAntiforgery>();
        Assert.True(await antiforgery.IsRequestValidAsync(post));

        // Without the token the same POST is refused, so the check above is not vacuous.
        post.Request.Form = new FormCollection([]);
        Assert.False(await antiforgery.IsRequestValidAsync(post));
    }

    [Fact]
    public void Render_FormCarriesExactlyOneAntiforgeryToken()
    {
        var page = host.Render<Login>();

        // Under static SSR the EditForm renders its own token. A second token field is posted too, read as "t,t" and refused: every login would fail with 400.
        Assert.Single(page.FindAll("form input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public void Render_AfterLogoutRedirect_ShowsLoggedOutNotice()
    {
        host.Navigation.NavigateTo("/login?loggedOut=1");

        var page = host.Render<Login>();

        Assert.Equal("You have been logged out.", page.Find("#logged-out").TextContent);
    }

    [Fact]
    public void Render_WithoutLoggedOutQuery_ShowsNoNotice()
    {
        var page = host.Render<Login>();

        Assert.Empty(page.FindAll("#logged-out"));
        Assert.Empty(page.FindAll("#already"));
    }

    [Fact]
    public void Render_ForAuthenticatedRequest_SaysWhoIsLoggedIn()
    {
        host.Request.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], "DjangoSession"));

        var page = host.Render<Login>();

        Assert.Equal("alice", page.Find("#already strong").TextContent);
    }

    public void Dispose() => host.Dispose();
}
