using System.Net;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// What <see cref="SessionAuthenticationHandler"/> answers when it is asked to challenge or forbid, and what it leaves
/// alone. The app's API refuses through its authenticate filter, so no endpoint of its own reaches the API branches: an
/// <c>[Authorize]</c> added to an <c>/api</c> endpoint later must still answer JSON, never a redirect to a login page
/// (issue 18's mutation run found those branches untested).
/// </summary>
public sealed class SessionAuthenticationChallengeTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Challenge_OnTheApi_Is401Json_WithoutARedirect()
    {
        var response = await RunAsync("/api/me", context => context.ChallengeAsync(SessionAuthenticationHandler.SchemeName));

        Assert.Equal(StatusCodes.Status401Unauthorized, response.StatusCode);
        Assert.False(response.Headers.ContainsKey("Location"));
        Assert.Equal("authentication required", Error(response));
    }

    [Fact]
    public async Task Forbid_OnTheApi_Is403Json()
    {
        var response = await RunAsync("/api/me", context => context.ForbidAsync(SessionAuthenticationHandler.SchemeName));

        Assert.Equal(StatusCodes.Status403Forbidden, response.StatusCode);
        Assert.False(response.Headers.ContainsKey("Location"));
        Assert.Equal("forbidden", Error(response));
    }

    [Fact]
    public async Task Challenge_OfAPage_RedirectsToTheLogin_WithTheWholeAddressToComeBackTo()
    {
        var response = await RunAsync("/admin/sessions", context => context.ChallengeAsync(SessionAuthenticationHandler.SchemeName),
            query: "?page=2&q=a%20b");

        Assert.Equal(StatusCodes.Status302Found, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fadmin%2Fsessions%3Fpage%3D2%26q%3Da%2520b", response.Headers.Location.ToString());
        Assert.Equal(0, response.Body.Length);
    }

    [Fact]
    public async Task Forbid_OfAPage_Is403_WithoutABody()
    {
        var response = await RunAsync("/admin/sessions", context => context.ForbidAsync(SessionAuthenticationHandler.SchemeName));

        Assert.Equal(StatusCodes.Status403Forbidden, response.StatusCode);
        Assert.Equal(0, response.Body.Length);
    }

    [Fact]
    public async Task AStaticFile_IsServedWithoutReadingTheSession_EvenWithALogin()
    {
        using var client = _app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password")).StatusCode);

        var css = await client.GetAsync("/app.css");

        // A session read marks the response Vary: Cookie (Django's SessionMiddleware on request.session access).
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.DoesNotContain(css.Headers.Vary, v => v.Contains("Cookie", StringComparison.OrdinalIgnoreCase));
        Assert.Contains((await client.GetAsync("/api/me")).Headers.Vary, v => v.Contains("Cookie", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("challenge", HttpStatusCode.Unauthorized, "authentication required")]
    [InlineData("forbid", HttpStatusCode.Forbidden, "forbidden")]
    public async Task OnTheApi_ThroughARealServer_TheJsonAnswerIsTheWholeAnswer(string action, HttpStatusCode status, string error)
    {
        // A real server starts the response with the body: nothing may touch the status or headers after the JSON is
        // written (a DefaultHttpContext, above, never starts, so it can't tell).
        await using var app = new AppFactory(services: s => s.AddTransient<IStartupFilter, ApiRefusals>());
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/refuse/{action}");

        Assert.Equal(status, response.StatusCode);
        Assert.False(response.Headers.Contains("Location"));
        Assert.Equal(error, JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"]?.GetValue<string>());
    }

    /// <summary>An <c>[Authorize]</c>-like refusal of an <c>/api</c> request, at the front of the app's own pipeline.</summary>
    private sealed class ApiRefusals : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                switch (context.Request.Path.Value)
                {
                    case "/api/refuse/challenge":
                        await context.ChallengeAsync(SessionAuthenticationHandler.SchemeName);
                        return;
                    case "/api/refuse/forbid":
                        await context.ForbidAsync(SessionAuthenticationHandler.SchemeName);
                        return;
                }
                await nextMiddleware(context);
            });
            next(app);
        };
    }

    private async Task<HttpResponse> RunAsync(string path, Func<HttpContext, Task> act, string query = "")
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        context.Response.Body = new MemoryStream();
        await act(context);
        context.Response.Body.Position = 0;
        return context.Response;
    }

    private static string? Error(HttpResponse response) =>
        JsonNode.Parse(response.Body)?["error"]?.GetValue<string>();
}
