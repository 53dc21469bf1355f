using BlazorSessionDemo.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Interop.SharedLogin;

/// <summary>
/// A Django site and this app on one SQLite file and one SECRET_KEY, as a team moving a Django site would run them:
/// Django migrated the file first (its auth_user, django_session and the rest), then this app started on it and adopted
/// both tables. One of each per test class; tests use their own users.
/// </summary>
public sealed class DjangoSharedSite : IAsyncLifetime
{
    public const string Secret = "shared-login-secret-0123456789abcdefghijklmnop";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bsd-tests", "shared-login-" + Guid.NewGuid().ToString("N"));
    private AppFactory? _factory;
    private WebApplicationFactory<Program>? _host;
    private DjangoSite? _django;

    public string DbPath => Path.Combine(_folder, "shared.sqlite3");

    public DjangoSite Django => _django ?? throw new InvalidOperationException("Not started.");

    /// <summary>The app, with <see cref="Logs"/> capturing what it logs.</summary>
    public WebApplicationFactory<Program> App => _host ?? throw new InvalidOperationException("Not started.");

    public CapturingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _django = await DjangoSite.StartAsync(DbPath, Secret, migrate: true);
        _factory = new AppFactory(new()
        {
            ["ConnectionStrings:Default"] = $"Data Source={DbPath}",
            ["Session:SecretKey"] = Secret,
        });
        _host = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(Logs)));
        _ = _host.Services; // migrates (adopting Django's tables) and seeds alice, bob and admin
    }

    /// <summary>A client that keeps cookies and shows redirects.</summary>
    public HttpClient CreateBrowser() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public AppDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={DbPath};Pooling=False").Options);

    public async Task<User> UserAsync(string username)
    {
        await using var db = CreateContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Username == username);
    }

    public async Task SetPasswordFieldAsync(string username, string stored)
    {
        await using var db = CreateContext();
        Assert.Equal(1, await db.Users.Where(u => u.Username == username).ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, stored)));
    }

    public async Task DisposeAsync()
    {
        if (_django is not null)
        {
            await _django.DisposeAsync();
        }
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
