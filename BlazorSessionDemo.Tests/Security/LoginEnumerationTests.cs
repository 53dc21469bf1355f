using System.Net;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Hashers;
using BlazorSessionDemo.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// The login limits must not tell a known account from an unknown one (ASVS 5.0 V6.3.8, OWASP Authentication cheat
/// sheet "authentication responses"): a login is normalised once (surrounding spaces, NFKC as Django's UsernameField,
/// ASCII case as the users table's NOCASE) for both the lookup and the failure count, so the same sequence of
/// attempts gets the same answers whether or not an account is behind the name.
/// </summary>
public sealed class LoginEnumerationTests
{
    [Theory]
    [InlineData("bob ", "bob", "nobody ", "nobody")]
    [InlineData(" BOB", "Bob", " NOBODY", "Nobody")]
    [InlineData("bob@example.com ", "BOB@example.com", "nobody@example.com ", "NOBODY@example.com")]
    // U+212A KELVIN SIGN: .NET lower-cases it to "k", SQLite's NOCASE doesn't; NFKC makes it "K" before either sees it.
    [InlineData("\u212Aate", "kate", "\u212Aarl", "karl")]
    public async Task ApiLogin_TenFailuresThenAVariant_AnswersKnownAndUnknownAlike(string knownFirst, string knownThen,
        string unknownFirst, string unknownThen)
    {
        var known = await ApiSequenceAsync(knownFirst, knownThen);
        var unknown = await ApiSequenceAsync(unknownFirst, unknownThen);

        Assert.Equal(HttpStatusCode.TooManyRequests, unknown.Status);
        Assert.Equal(unknown, known);
    }

    [Theory]
    [InlineData("bob ", "BOB", "nobody ", "NOBODY")]
    [InlineData("\u212Aate", "kate", "\u212Aarl", "karl")]
    public async Task FormLogin_TenFailuresThenAVariant_AnswersKnownAndUnknownAlike(string knownFirst, string knownThen,
        string unknownFirst, string unknownThen)
    {
        var known = await FormSequenceAsync(knownFirst, knownThen);
        var unknown = await FormSequenceAsync(unknownFirst, unknownThen);

        Assert.Equal(HttpStatusCode.TooManyRequests, unknown.Status);
        Assert.Equal(unknown, known);
    }

    [Fact]
    public async Task Login_WithSpacesAndOtherCase_NamesTheSameAccount()
    {
        await using var app = new AppFactory();
        using var client = app.CreateClient();

        var response = await AuthClient.ApiLoginAsync(client, "  Alice@Example.COM ", "alice-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"name\":\"alice\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateUser_StoresTheNormalisedName_AndRefusesACaseOrSpaceVariant()
    {
        await using var app = new AppFactory();
        var accounts = app.Services.GetRequiredService<UserAccounts>();

        var created = await accounts.CreateAsync(" Carol ", " carol@example.com ", "carol-password", isStaff: false);
        var variant = await accounts.CreateAsync("carol", "other@example.com", "carol-password", isStaff: false);

        Assert.Null(created.Error);
        Assert.Equal("Carol", created.User!.Username);
        Assert.Equal("carol@example.com", created.User.Email);
        Assert.NotNull(variant.Error);
        Assert.NotNull(await accounts.AuthenticateAsync("CAROL", "carol-password"));
    }

    /// <summary>Ten failed API logins as <paramref name="first"/>, then one as <paramref name="then"/>, on a fresh app.</summary>
    private static async Task<Answer> ApiSequenceAsync(string first, string then)
    {
        await using var app = await AppWithKateAsync();
        using var client = app.Host.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await AuthClient.ApiLoginAsync(client, first, $"wrong-{i}")).StatusCode);
        }
        return await Answer.OfAsync(await AuthClient.ApiLoginAsync(client, then, "wrong-again"));
    }

    private static async Task<Answer> FormSequenceAsync(string first, string then)
    {
        await using var app = await AppWithKateAsync();
        using var client = app.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await AuthClient.FormLoginAsync(client, first, $"wrong-{i}")).StatusCode);
        }
        var response = await AuthClient.FormLoginAsync(client, then, "wrong-again");
        var page = await response.Content.ReadAsStringAsync();
        var error = System.Text.RegularExpressions.Regex.Match(page, "id=\"login-error\">([^<]*)<").Groups[1].Value;
        return new Answer(response.StatusCode, error, response.Headers.RetryAfter is not null);
    }

    /// <summary>
    /// The demo accounts plus "kate", whose name has a letter (k) that a Unicode sign lower-cases to; on a clock that
    /// stands still, so Retry-After (and the message quoting it) can be compared between two runs.
    /// </summary>
    private static async Task<FrozenClockApp> AppWithKateAsync()
    {
        var app = new FrozenClockApp();
        var hash = app.Host.Services.GetRequiredService<DjangoPasswordHasher>().Hash("kate-password");
        await AppData.AddUserAsync(app.Factory, "kate", "kate@example.com", hash);
        return app;
    }

    private sealed class FrozenClockApp : IAsyncDisposable
    {
        public FrozenClockApp()
        {
            var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
            Host = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        }

        public AppFactory Factory { get; } = new();

        public WebApplicationFactory<Program> Host { get; }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Factory.DisposeAsync();
        }
    }

    private sealed record Answer(HttpStatusCode Status, string Body, bool HasRetryAfter)
    {
        public static async Task<Answer> OfAsync(HttpResponseMessage response) =>
            new(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter is not null);
    }
}
