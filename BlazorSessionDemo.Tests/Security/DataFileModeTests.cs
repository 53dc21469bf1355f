using System.Net;
using System.Runtime.Versioning;
using BlazorSessionDemo.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// What the app writes to disk is its user's alone (ASVS 5.0 V13.3.1, V14.2.x: the SQLite file holds every session key
/// and password hash, the file engine's file names are session keys, the key folders hold the signing keys): folders the
/// app creates are 0700, database and session files 0600, including SQLite's -wal and -shm (SQLite gives those its
/// database file's mode). A folder or file that already exists is not changed, but a group/world-accessible one is
/// logged. Real files on this machine's file system, under the test process's usual umask (022).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class DataFileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "bsd-tests", "modes-" + Guid.NewGuid().ToString("N"));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<AppFactory> _factories = [];

    public DataFileModeTests() => Directory.CreateDirectory(_root);

    private string AppData => Path.Combine(_root, "App_Data");

    private string DatabaseFile => Path.Combine(AppData, "blazorsessiondemo.db");

    [Fact]
    public async Task FirstStart_CreatesAppDataAndKeyFoldersOwnerOnly_AndTheDatabaseFilesOwnerOnly()
    {
        await using var app = App(new() { ["Session:Engine"] = "db" });
        using var client = app.CreateClient();

        // Start, render a form (a data protection key is written), log in (a session row: SQLite writes its WAL).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password")).StatusCode);

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(AppData));
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(Path.Combine(AppData, "DataProtection-Keys")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(AppData, "DataProtection-Keys")));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(AppData, "secret.key")));
        foreach (var file in new[] { DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm" })
        {
            Assert.True(File.Exists(file), $"{file} missing");
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));
        }
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning && e.Message.Contains("readable"));
    }

    [Fact]
    public async Task FileEngine_CreatesItsFolderOwnerOnly_AndSavesSessionFilesOwnerOnly()
    {
        var folder = Path.Combine(_root, "sessions");
        await using var app = App(new() { ["Session:Engine"] = "file", ["Session:FilePath"] = folder });
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password")).StatusCode);

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(folder));
        var session = Assert.Single(Directory.GetFiles(folder));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(session));
    }

    [Fact]
    public async Task ExistingOpenFolders_AreLeftAsTheyAre_ButLogged()
    {
        var sessions = Path.Combine(_root, "sessions");
        Directory.CreateDirectory(AppData, OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Directory.CreateDirectory(sessions, OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var operatorsChoice = File.GetUnixFileMode(AppData);
        await using var app = App(new() { ["Session:Engine"] = "file", ["Session:FilePath"] = sessions });
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password")).StatusCode);

        Assert.Equal(operatorsChoice, File.GetUnixFileMode(AppData));
        var warnings = _logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, m => m.Contains(AppData, StringComparison.Ordinal) && m.Contains("readable"));
        Assert.Contains(warnings, m => m.Contains(sessions, StringComparison.Ordinal) && m.Contains("readable"));
        // The files the app creates inside are still its own.
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(DatabaseFile));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Assert.Single(Directory.GetFiles(sessions))));
    }

    [Fact]
    public async Task ExistingOpenDatabaseFile_IsLeftAsItIs_ButLogged()
    {
        Directory.CreateDirectory(AppData, OwnerOnlyFolder);
        File.WriteAllBytes(DatabaseFile, []);
        File.SetUnixFileMode(DatabaseFile, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var app = App(new() { ["Session:Engine"] = "db" });
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);

        Assert.Equal(OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(DatabaseFile));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(DatabaseFile, StringComparison.Ordinal)
            && e.Message.Contains("readable"));
    }

    /// <summary>The app as <c>dotnet run</c> starts it on a fresh machine: everything under an App_Data that isn't there yet.</summary>
    private WebApplicationFactory<Program> App(Dictionary<string, string?> settings)
    {
        settings["ConnectionStrings:Default"] = $"Data Source={DatabaseFile}";
        settings["DataProtection:KeysFolder"] = Path.Combine(AppData, "DataProtection-Keys");
        settings["Session:SecretKey"] = "";
        settings["Session:SecretKeyFile"] = Path.Combine(AppData, "secret.key");
        var factory = new AppFactory(settings);
        _factories.Add(factory);
        return factory.WithWebHostBuilder(b => b.ConfigureLogging(logging => logging.AddProvider(_logs)));
    }

    public void Dispose()
    {
        _factories.ForEach(f => f.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
