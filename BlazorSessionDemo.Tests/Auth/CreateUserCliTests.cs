using System.Net;
using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// <c>createuser</c> (Django's <c>manage.py createsuperuser</c> in spirit) as a real process over the app's SQLite file,
/// password on standard input; the running app then logs the new user in from the same database.
/// </summary>
public sealed class CreateUserCliTests : IAsyncLifetime
{
    private const string CarolPassword = "carol-secret-password";

    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task CreateUser_ExitsZero_AndTheUserCanLogInThroughTheApi()
    {
        var (exitCode, output, error) = await CreateCarolAsync();

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Contains("carol", output);
        var login = await AuthClient.ApiLoginAsync(_app.CreateBrowserLikeClient(), "carol@example.com", CarolPassword);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("carol", JsonNode.Parse(await login.Content.ReadAsStringAsync())?["user"]?["name"]?.GetValue<string>());
        var carol = await AppData.UserAsync(_app, "carol");
        Assert.False(carol.IsStaff);
        Assert.StartsWith("bcrypt_sha256$$2b$", carol.PasswordHash);
        Assert.DoesNotContain(CarolPassword, carol.PasswordHash);
    }

    [Fact]
    public async Task DuplicateUsername_ExitsOne_NamingIt()
    {
        await CreateCarolAsync();

        var (exitCode, _, error) = await AppProcess.RunAsync(_app.Database, "other-password",
            "createuser", "--username", "carol", "--email", "carol2@example.com");

        Assert.Equal(1, exitCode);
        Assert.Contains("'carol'", error);
        Assert.Equal("carol@example.com", (await AppData.UserAsync(_app, "carol")).Email);
    }

    [Fact]
    public async Task DuplicateEmail_ExitsOne_NamingIt()
    {
        await CreateCarolAsync();

        var (exitCode, _, error) = await AppProcess.RunAsync(_app.Database, "other-password",
            "createuser", "--username", "carol2", "--email", "carol@example.com");

        Assert.Equal(1, exitCode);
        Assert.Contains("carol@example.com", error);
        await using var db = _app.Database.CreateContext();
        Assert.DoesNotContain(db.Users, u => u.Username == "carol2");
    }

    [Fact]
    public async Task Staff_CreatesAStaffUser()
    {
        var (exitCode, _, error) = await CreateCarolAsync("--staff");

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.True((await AppData.UserAsync(_app, "carol")).IsStaff);
        var client = _app.CreateBrowserLikeClient();
        await AuthClient.ApiLoginAsync(client, "carol@example.com", CarolPassword);
        Assert.True(JsonNode.Parse(await client.GetStringAsync("/api/me"))?["is_staff"]?.GetValue<bool>());
    }

    [Theory]
    [InlineData("short", "too short")]
    [InlineData("12345678901", "entirely numeric")]
    [InlineData("Carol-The-Admin", "can't be your username")]
    [InlineData("CAROL@example.com", "can't be your email address")]
    public async Task PasswordBreakingThePolicy_ExitsOne_WithThePagesMessage_AndCreatesNobody(string password, string message)
    {
        var (exitCode, _, error) = await AppProcess.RunAsync(_app.Database, password,
            "createuser", "--username", "carol-the-admin", "--email", "carol@example.com");

        Assert.Equal(1, exitCode);
        Assert.Contains(message, error);
        await using var db = _app.Database.CreateContext();
        Assert.DoesNotContain(db.Users, u => u.Email == "carol@example.com");
    }

    private Task<(int ExitCode, string Output, string Error)> CreateCarolAsync(params string[] extra) =>
        AppProcess.RunAsync(_app.Database, CarolPassword,
            ["createuser", "--username", "carol", "--email", "carol@example.com", .. extra]);
}
