using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BlazorSessionDemo.TestSupport;

/// <summary>
/// The app as it is deployed: <c>dotnet BlazorSessionDemo.dll</c> in a process of its own (Production environment) on
/// a free 127.0.0.1 port, with everything it keeps - SQLite file, generated session secret, data protection keys,
/// file sessions - in one temp folder (its content root) that outlives restarts and is deleted on dispose.
/// <see cref="RestartAsync"/> kills it (SIGKILL: nothing gets a chance to flush) and starts it again on a new port.
/// Several of them over one database, secret and key ring are the nodes of one deployment (<see cref="StartNodeAsync"/>).
/// </summary>
public sealed class AppServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;
    private int _starts;

    private AppServerProcess(Dictionary<string, string> environment) => _environment = environment;

    /// <summary>The content root: the database, <c>App_Data</c>, keys and session files live here.</summary>
    public string Folder { get; } = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "bsd-tests", "app-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Like <c>http://127.0.0.1:40123</c>; changes with every start.</summary>
    public string BaseUrl { get; private set; } = "";

    public string DatabasePath => Path.Combine(Folder, "app.db");

    /// <summary>Everything the app wrote to stdout and stderr, across all its starts.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the app on <paramref name="engine"/>. No <c>Session:SecretKey</c>: the app generates one and keeps it
    /// in <c>Session:SecretKeyFile</c>, which is what a restart must find again.
    /// </summary>
    public static Task<AppServerProcess> StartAsync(string engine, string? redisHost = null, int redisPort = 0)
    {
        var app = new AppServerProcess(Defaults(engine));
        app._environment["ConnectionStrings__Default"] = $"Data Source={app.DatabasePath}";
        app._environment["Session__SecretKeyFile"] = Path.Combine(app.Folder, "App_Data", "session-secret.key");
        app._environment["Session__FilePath"] = Path.Combine(app.Folder, "sessions");
        if (redisHost is not null)
        {
            app._environment["Session__Redis__Host"] = redisHost;
            app._environment["Session__Redis__Port"] = redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            app._environment["Session__Redis__Prefix"] = "restart-" + Guid.NewGuid().ToString("N");
        }
        return app.StartOrDisposeAsync();
    }

    /// <summary>
    /// One node of a deployment: the app on <paramref name="engine"/> with <paramref name="shared"/> settings (as
    /// environment variables: the database, secret file, key ring and store every node uses) and a folder of its own.
    /// </summary>
    public static Task<AppServerProcess> StartNodeAsync(string engine, IReadOnlyDictionary<string, string> shared)
    {
        var app = new AppServerProcess(Defaults(engine));
        foreach (var (key, value) in shared)
        {
            app._environment[key] = value;
        }
        return app.StartOrDisposeAsync();
    }

    private static Dictionary<string, string> Defaults(string engine) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Session__Engine"] = engine,
        ["Auth__BcryptWorkFactor"] = "10",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__Console__FormatterName"] = "simple",
    };

    private async Task<AppServerProcess> StartOrDisposeAsync()
    {
        try
        {
            await StartProcessAsync();
            return this;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public Uri Url(string path) => new(BaseUrl + path);

    /// <summary>Kills the process (SIGKILL, like a crash or an OOM kill) and starts it again over the same folder.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        var port = LoopbackPorts.Free();
        BaseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BlazorSessionDemo.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }
        start.Environment["ASPNETCORE_URLS"] = BaseUrl;
        // A new, empty HOME per start: anything the app kept under HOME (ASP.NET Core's default data protection key
        // ring, ~/.aspnet) is gone after the restart, so only what the app keeps in its own folder can carry over.
        start.Environment["HOME"] = Directory.CreateDirectory(Path.Combine(Folder, $"home-{++_starts}")).FullName;
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilServingAsync();
    }

    /// <summary>Bounded wait for readiness (a state polled for, not a timing assertion): /healthz answers 200.</summary>
    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartLimit;
        while (DateTime.UtcNow < deadline && _process is { HasExited: false })
        {
            try
            {
                if ((await http.GetAsync(Url("/healthz"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"The app did not serve /healthz on {BaseUrl}. Its output:{Environment.NewLine}{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }
        await KilledProcess.KillAsync(_process);
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file the killed process still had open is being released; the temp folder is only test debris.
        }
    }
}
