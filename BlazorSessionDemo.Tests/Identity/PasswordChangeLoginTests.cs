using System.Net;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Hashers;
using BlazorSessionDemo.Tests.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Identity;

/// <summary>
/// The contract the password-change page relies on: <see cref="SessionUser.LogInAsync"/> called again for the same user
/// after the password changed is Django's <c>update_session_auth_hash()</c> - this session's key is cycled, its data
/// kept and its <c>_auth_user_hash</c> rewritten, so it stays logged in - while the user's other sessions, still holding
/// the old hash, stop being logins at their next request.
/// </summary>
public sealed class PasswordChangeLoginTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task LogInAgain_WithTheNewPasswordHash_CyclesTheKey_KeepsTheData_StaysLoggedIn_OtherSessionsEnd()
    {
        var browser = _app.CreateBrowserLikeClient();
        var current = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(browser, "alice@example.com", "alice-password"));
        await AntiforgeryForm.PostAsync(browser, "/session_test/", "write");
        var other = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(_app.CreateBrowserLikeClient(), "alice@example.com", "alice-password"));
        var newHash = _app.Services.GetRequiredService<DjangoPasswordHasher>().Hash("alice-new-password-2026");
        await using (var db = _app.Database.CreateContext())
        {
            await db.Users.Where(u => u.Username == "alice").ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, newHash));
        }
        var alice = await AppData.UserAsync(_app, "alice");

        string cycled;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var session = await scope.ServiceProvider.GetRequiredService<DjangoSessionFactory>().OpenAsync(current);
            await session.LogInAsync(alice);
            await session.SaveAsync();
            cycled = session.SessionKey!;
        }
        using var replay = AuthClient.CreateCookielessClient(_app);

        Assert.NotEqual(current, cycled);
        var data = (await AppData.ReadSessionAsync(_app, cycled))!;
        Assert.Equal("hello", data["h1"]?.GetValue<string>());
        Assert.Equal(SessionAuthHash.Compute(newHash, SessionTestHost.Secret), data[SessionUser.AuthHashKey]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", cycled)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", current)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", other)).StatusCode);
        Assert.False(await _app.Database.RowExistsAsync(other));
    }

    [Fact]
    public async Task SeedUserId_DisagreeingWithAuthUserId_IsAnonymous()
    {
        _ = _app.Services;
        var alice = await AppData.UserAsync(_app, "alice");
        var admin = await AppData.UserAsync(_app, "admin");
        var key = await LoggedInSessions.CreateAsync(_app.Services, alice, session => session[SessionUser.UserIdKey] = admin.Id);
        using var client = AuthClient.CreateCookielessClient(_app);

        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", key)).StatusCode);
    }

    [Fact]
    public async Task UnknownBackend_IsAnonymous()
    {
        _ = _app.Services;
        var alice = await AppData.UserAsync(_app, "alice");
        var key = await LoggedInSessions.CreateAsync(_app.Services, alice, session => session[SessionUser.AuthBackendKey] = "some.other.Backend");
        using var client = AuthClient.CreateCookielessClient(_app);

        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", key)).StatusCode);
    }

    [Fact]
    public async Task HashMismatch_PageRedirectsToLogin_AndTheFlushIsLogged()
    {
        var log = new CapturingLoggerProvider();
        await using var host = _app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log)));
        _ = host.Services;
        var alice = await AppData.UserAsync(_app, "alice");
        var key = await LoggedInSessions.CreateAsync(host.Services, alice, session => session[SessionUser.AuthHashKey] = new string('f', 64));
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var backend = await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/backend", key);

        Assert.Equal(HttpStatusCode.Redirect, backend.StatusCode);
        Assert.StartsWith("/login", AuthClient.RedirectTarget(backend));
        Assert.False(await _app.Database.RowExistsAsync(key));
        Assert.Contains(log.Entries, e => e.EventId.Id == 2004 && e.Level == LogLevel.Warning && e.Message.Contains($"user {alice.Id}"));
    }
}
