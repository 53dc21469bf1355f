using System.Net;
using BlazorSessionDemo.Auth.Hashers;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// Passwords are kept as BCrypt hashes only, and a hash cheaper than the configured cost is upgraded when its owner
/// next logs in (Django's <c>check_password</c> with <c>setter</c>: the plain password is only known then).
/// </summary>
public sealed class PasswordStorageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new(new() { ["Auth:BcryptWorkFactor"] = "11" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SeededPasswords_AreStoredAsDjangosBcryptSha256_NeverPlain()
    {
        _ = _app.Services;
        await using var db = _app.Database.CreateContext();

        foreach (var (username, _, password, _) in BlazorSessionDemo.Auth.DemoAccounts.All)
        {
            var hash = db.Users.Single(u => u.Username == username).PasswordHash;
            Assert.StartsWith("bcrypt_sha256$$2b$", hash);
            Assert.DoesNotContain(password, hash);
            Assert.Equal(11, Cost(hash));
            Assert.Equal(HashCheck.Match, BcryptHasher.Sha256.Verify(password, hash));
        }
    }

    [Fact]
    public async Task CheaperHash_IsRehashedAtTheConfiguredCost_OnSuccessfulLogin()
    {
        _ = _app.Services;
        var oldHash = BcryptHasher.Sha256.Encode("dave-password", 10);
        await AppData.AddUserAsync(_app, "dave", "dave@example.com", oldHash);

        var login = await AuthClient.ApiLoginAsync(_app.CreateBrowserLikeClient(), "dave@example.com", "dave-password");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var newHash = (await AppData.UserAsync(_app, "dave")).PasswordHash;
        Assert.NotEqual(oldHash, newHash);
        Assert.Equal(11, Cost(newHash));
        Assert.Equal(HashCheck.Match, BcryptHasher.Sha256.Verify("dave-password", newHash));
    }

    [Fact]
    public async Task CheaperHash_IsKept_WhenTheLoginFails()
    {
        _ = _app.Services;
        var oldHash = BcryptHasher.Sha256.Encode("dave-password", 10);
        await AppData.AddUserAsync(_app, "dave", "dave@example.com", oldHash);

        var login = await AuthClient.ApiLoginAsync(_app.CreateBrowserLikeClient(), "dave@example.com", "not-daves-password");

        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Equal(oldHash, (await AppData.UserAsync(_app, "dave")).PasswordHash);
    }

    /// <summary>The cost field of Django's bcrypt_sha256 form: <c>bcrypt_sha256$$2b$11$...</c>.</summary>
    private static int Cost(string hash) => BcryptHasher.Sha256.TryReadCost(hash, out var cost) ? cost : -1;
}
