using Microsoft.EntityFrameworkCore;
using System.Diagnostics;
using System.Net;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.PostgreSql;

/// <summary>
/// The whole app with <c>Database:Provider=PostgreSQL</c> on a database of this class's own: its PostgreSQL migrations
/// run on start, the demo accounts are seeded, and the seed's login -> me -> logout works; the CLI's clearsessions
/// removes expired rows there. One app for the class.
/// </summary>
public sealed class PostgreSqlAppTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private AppFactory? _app;

    private AppFactory App => _app ?? throw new InvalidOperationException("Not initialized.");

    public Task InitializeAsync()
    {
        _app = new AppFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgresql", // case-insensitive
            ["ConnectionStrings:Default"] = database.ConnectionString,
        });
        _ = _app.Server; // starts the app: migrations and seeding now, not in the first test's timing
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task ApiLogin_Me_Logout_OnPostgreSql_StoresAndDeletesTheDjangoSessionRow()
    {
        using var client = App.CreateBrowserLikeClient();

        var login = await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var key = SetCookie.Find(login.Headers, AuthClient.CookieName)?.Value;
        Assert.Matches("^[a-z0-9]{32}$", key);
        Assert.Equal(1L, await database.ScalarAsync($"SELECT count(*) FROM django_session WHERE session_key = '{key}' AND expire_date > now()"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Equal(0L, await database.ScalarAsync($"SELECT count(*) FROM django_session WHERE session_key = '{key}'"));
    }

    [Fact]
    public async Task Start_MigratesWithPostgreSqlMigrations_DjangoColumnTypes()
    {
        Assert.Equal("timestamp with time zone", await database.ScalarAsync(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'django_session' AND column_name = 'expire_date'"));
        Assert.Equal("timestamp with time zone", await database.ScalarAsync(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'auth_user' AND column_name = 'date_joined'"));
        Assert.Equal(3L, await database.ScalarAsync("SELECT count(*) FROM auth_user WHERE username IN ('alice', 'bob', 'admin')"));
        await using var schema = BlazorSessionDemo.Data.PostgreSqlAppDbContext.Create(database.ConnectionString);
        Assert.Equal(schema.Database.GetMigrations().Last(), await database.ScalarAsync(
            "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\" DESC LIMIT 1"));
    }

    [Fact]
    public async Task ClearSessions_Cli_OnPostgreSql_RemovesOnlyExpiredRows()
    {
        _ = App.Server;
        await database.ScalarAsync(
            "INSERT INTO django_session VALUES ('cliexpired1aaaaaaaaaaaaaaaaaaaaa', 'e30:1xVpLi:unused', now() - interval '1 day'), " +
            "('cliexpired2aaaaaaaaaaaaaaaaaaaaa', 'e30:1xVpLi:unused', now() - interval '5 seconds'), " +
            "('clilive1aaaaaaaaaaaaaaaaaaaaaaaa', 'e30:1xVpLi:unused', now() + interval '1 day')");

        var (exitCode, output, error) = await RunAppAsync("clearsessions", ("Database__Provider", "PostgreSQL"));

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Contains("Removed 2 expired session(s)", output);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM django_session WHERE session_key LIKE 'cliexpired%'"));
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM django_session WHERE session_key = 'clilive1aaaaaaaaaaaaaaaaaaaaaaaa'"));
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("postgres")]
    public async Task UnknownProvider_StopsTheApp_NamingTheKeyAndTheAllowedValues(string provider)
    {
        var (exitCode, _, error) = await RunAppAsync("clearsessions", ("Database__Provider", provider));

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid configuration: Database:Provider: must be Sqlite or PostgreSQL", error);
    }

    [Fact]
    public async Task PostgreSqlWithoutAServerConnectionString_StopsTheApp_NamingTheKey()
    {
        var (exitCode, _, error) = await RunAppAsync("clearsessions", ("Database__Provider", "PostgreSQL"),
            ("ConnectionStrings__Default", "Data Source=app.db"));

        Assert.Equal(2, exitCode);
        Assert.Contains("ConnectionStrings:Default: must be a PostgreSQL connection string", error);
    }

    [Fact]
    public async Task ADatabaseThatDoesNotExist_StopsTheApp_WithOneLineNamingIt_ExitCode3()
    {
        var missing = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "no_such_database_here" };

        var (exitCode, _, error) = await RunAppAsync("clearsessions", ("Database__Provider", "PostgreSQL"),
            ("ConnectionStrings__Default", missing.ConnectionString));

        Assert.Equal(3, exitCode);
        Assert.Contains("Cannot open the database (PostgreSQL): 3D000: database \"no_such_database_here\" does not exist", error);
        Assert.DoesNotContain("Unhandled exception", error);
        Assert.DoesNotContain("   at ", error);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAppAsync(string verb, params (string Name, string Value)[] environment)
    {
        var folder = App.Database.Folder;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BlazorSessionDemo.dll"), verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.Environment["ConnectionStrings__Default"] = database.ConnectionString;
        start.Environment["Session__SecretKey"] = SessionTestHost.Secret;
        start.Environment["Session__SecretKeyFile"] = Path.Combine(folder, "secret.key");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
