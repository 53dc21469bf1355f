using System.Text.Json.Nodes;
using BlazorSessionDemo.Data;
using DjangoSessions.Catalog;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>Straight reads and writes on the app's SQLite file: session rows (decoded with the app's codec) and users.</summary>
public static class AppData
{
    /// <summary>The decoded data of the row <paramref name="sessionKey"/>, or null when there is no such row.</summary>
    public static Task<JsonObject?> ReadSessionAsync(AppFactory app, string sessionKey) =>
        ReadSessionAsync(app.Database, app.Services, sessionKey);

    /// <summary>As above, decoding with the codec of <paramref name="services"/> (a host derived from the factory).</summary>
    public static async Task<JsonObject?> ReadSessionAsync(TempSqliteDatabase database, IServiceProvider services, string sessionKey)
    {
        await using var db = database.CreateContext();
        var row = await db.DjangoSessions.AsNoTracking().FirstOrDefaultAsync(s => s.SessionKey == sessionKey);
        return row is null ? null : services.GetRequiredService<SessionDataCodec>().Decode(row.SessionData);
    }

    public static async Task<User> UserAsync(AppFactory app, string username)
    {
        await using var db = app.Database.CreateContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Username == username);
    }

    public static async Task SetActiveAsync(AppFactory app, string username, bool active)
    {
        await using var db = app.Database.CreateContext();
        var updated = await db.Users.Where(u => u.Username == username).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, active));
        Assert.Equal(1, updated);
    }

    public static async Task DeleteUserAsync(AppFactory app, string username)
    {
        await using var db = app.Database.CreateContext();
        Assert.Equal(1, await db.Users.Where(u => u.Username == username).ExecuteDeleteAsync());
    }

    /// <summary>
    /// What the node that wrote <c>auth_user</c> sends after the write (<see cref="SessionEventKind.AccountChanged"/>),
    /// delivered to this app by its event bus: a change made with SQL here stands for another node's.
    /// </summary>
    public static void AnnounceAccountChanged(IServiceProvider services, long userId) =>
        services.GetRequiredService<ISessionEventBus>().Publish(
            new SessionEvent(SessionEventKind.AccountChanged, "", userId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static async Task AddUserAsync(AppFactory app, string username, string email, string passwordHash)
    {
        await using var db = app.Database.CreateContext();
        db.Users.Add(new User { Username = username, Email = email, PasswordHash = passwordHash });
        await db.SaveChangesAsync();
    }
}
