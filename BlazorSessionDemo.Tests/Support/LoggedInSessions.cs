using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Data;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>
/// A session logged in the way the app's login does it (<see cref="SessionUser.LogInAsync"/>: the seed's keys and
/// Django's <c>_auth_*</c> keys, the hash from the user's stored password hash and the app's SECRET_KEY), stored through
/// the app's own engine. For tests that need a login without going through a login request.
/// </summary>
public static class LoggedInSessions
{
    /// <summary>Logs <paramref name="user"/> in on a fresh session of <paramref name="services"/>' app, saves it, returns its key (the cookie value).</summary>
    public static async Task<string> CreateAsync(IServiceProvider services, User user, Action<DjangoSession>? change = null)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var session = new DjangoSession(provider.GetRequiredService<ISessionEngine>(),
            provider.GetRequiredService<IOptions<DjangoSessionSettings>>().Value, provider.GetRequiredService<TimeProvider>());
        await session.LoadAsync();
        await session.LogInAsync(user);
        await session.SaveAsync();
        if (change is not null)
        {
            // A change to the stored login (as an older build or a Django peer would have left it), saved as an update.
            change(session);
            await session.SaveAsync();
        }
        return session.SessionKey!;
    }
}
