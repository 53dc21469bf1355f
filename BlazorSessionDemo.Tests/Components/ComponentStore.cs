using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Hashers;
using BlazorSessionDemo.Data;
using DjangoSessions.Http;
using DjangoSessions.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Components;

/// <summary>
/// What the account pages talk to, wired by hand the way Program.cs wires it: a real SQLite file with the app's
/// migrations, the app's <see cref="UserAccounts"/> (BCrypt at the minimum work factor, to keep tests quick) and the
/// db session engine over Django's <c>django_session</c> table. Time is a <see cref="FakeTimeProvider"/>, so expiry
/// dates shown by the pages are exact.
/// </summary>
public sealed class ComponentStore : IDisposable
{
    /// <summary>A fixed, test-only SECRET_KEY.</summary>
    public const string SecretKey = "component-tests-only-secret-0123456789-abcdefgh";

    public static readonly DateTimeOffset Start = new(2026, 3, 4, 12, 0, 0, TimeSpan.Zero);

    private readonly TempSqliteDatabase database = new();

    public ComponentStore()
    {
        Contexts = new PooledDbContextFactory<AppDbContext>(
            new DbContextOptionsBuilder<AppDbContext>().UseSqlite(database.ConnectionString).Options);
        Accounts = new UserAccounts(Contexts, new DjangoPasswordHasher(Options.Create(new AuthSettings { BcryptWorkFactor = 10 })));
        var codec = new SessionDataCodec(
            new DjangoSigner(SecretKey, [], SessionDataCodec.Salt, Time), NullLoggerFactory.Instance);
        Engine = new DbSessionEngine<AppDbContext>(Contexts, codec, Time, Options.Create(Settings));
    }

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>Django's defaults (two-week cookie age), signed with <see cref="SecretKey"/>.</summary>
    public DjangoSessionSettings Settings { get; } = new() { Secrets = { SecretKey = SecretKey } };

    public IDbContextFactory<AppDbContext> Contexts { get; }

    public UserAccounts Accounts { get; }

    public ISessionEngine Engine { get; }

    /// <summary>An account created the way <c>createuser</c> creates one.</summary>
    public async Task<User> CreateUserAsync(string username, string password)
    {
        var created = await Accounts.CreateAsync(username, $"{username}@example.com", password, isStaff: false);
        Assert.Null(created.Error);
        return created.User!;
    }

    /// <summary><c>SessionStore(session_key)</c>, not loaded yet: the page's first access loads it from the table.</summary>
    public DjangoSession NewSession(string? sessionKey = null) => new(Engine, Settings, Time, sessionKey);

    /// <summary>A request whose <c>request.session</c> is <paramref name="session"/>, as the session middleware leaves it.</summary>
    public static DefaultHttpContext RequestWith(DjangoSession session)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IDjangoSessionFeature>(new DjangoSessionFeature(session, context, hadCookie: session.SessionKey is not null));
        return context;
    }

    /// <summary>The session the middleware attached to <paramref name="request"/>.</summary>
    public static DjangoSession SessionOf(HttpContext request) =>
        request.Features.Get<IDjangoSessionFeature>()!.Session;

    /// <summary>
    /// Logs <paramref name="user"/> in on a fresh session, saves it as the middleware would at the end of the login
    /// request, and returns its key.
    /// </summary>
    public async Task<string> LoggedInSessionKeyAsync(User user, Action<DjangoSession>? change = null)
    {
        var session = NewSession();
        await session.LoadAsync();
        await session.LogInAsync(user);
        change?.Invoke(session);
        await session.SaveAsync();
        return session.SessionKey!;
    }

    public void Dispose() => database.Dispose();
}
