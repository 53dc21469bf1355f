using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Interop;

/// <summary>
/// Runs <c>interop/django_session_peer.py</c> under Debian's Django 3.2 (<c>/usr/bin/python3</c>; the <c>python3</c>
/// on PATH may be another interpreter without Django) against the same SQLite file and secret as this app.
/// Any failure (no Django, a traceback, a timeout) fails the test with the script's stderr; nothing is skipped.
/// </summary>
internal static class DjangoPeer
{
    private const string Python = "/usr/bin/python3";
    private const string InstallHint = "Django 3.2 is required by the interop tests: run `apt-get install -y python3-django` " +
        "(Debian's package installs it for /usr/bin/python3).";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<Task> DjangoAvailable = new(CheckDjangoAsync);
    private static readonly Lazy<string> ScriptPath = new(FindScript);

    /// <summary><c>read KEY</c>: what Django's db SessionStore sees for that key.</summary>
    public static Task<JsonObject> ReadAsync(string dbPath, string secret, string sessionKey) =>
        RunScriptAsync(dbPath, secret, "read", sessionKey);

    /// <summary><c>write JSON</c>: Django creates a session holding <paramref name="data"/>; returns its key.</summary>
    public static async Task<string> WriteAsync(string dbPath, string secret, JsonObject data)
    {
        var result = await RunScriptAsync(dbPath, secret, "write", data.ToJsonString());
        return result["session_key"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"Django returned no session_key: {result.ToJsonString()}");
    }

    /// <summary><c>migrate</c>: Django creates its own tables (django_session with its hashed-name index) in the file.</summary>
    public static Task MigrateAsync(string dbPath, string secret) => RunScriptAsync(dbPath, secret, "migrate", "-");

    private static async Task<JsonObject> RunScriptAsync(string dbPath, string secret, string verb, string argument)
    {
        await DjangoAvailable.Value;
        var (exitCode, stdout, stderr) = await RunAsync([ScriptPath.Value, dbPath, secret, verb, argument]);
        Assert.True(exitCode == 0, $"django_session_peer.py {verb} exited with {exitCode}.\nstderr:\n{stderr}\nstdout:\n{stdout}");
        try
        {
            return JsonNode.Parse(stdout) as JsonObject
                ?? throw new InvalidOperationException("not a JSON object");
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            Assert.Fail($"django_session_peer.py {verb} printed no JSON object ({ex.Message}).\nstdout:\n{stdout}\nstderr:\n{stderr}");
            throw;
        }
    }

    private static async Task CheckDjangoAsync()
    {
        (int ExitCode, string Stdout, string Stderr) result;
        try
        {
            result = await RunAsync(["-c", "import django; print(django.get_version())"]);
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"{Python} could not be started ({ex.Message}). {InstallHint}");
            return;
        }
        Assert.True(result.ExitCode == 0, $"{Python} -c \"import django\" failed. {InstallHint}\nstderr:\n{result.Stderr}");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The system interpreter must see only the system site-packages, whatever the test runner's environment says.
        start.Environment.Remove("PYTHONPATH");
        start.Environment.Remove("PYTHONHOME");
        start.Environment["PYTHONUTF8"] = "1";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Python} {string.Join(' ', start.ArgumentList)} did not finish within {Timeout.TotalSeconds} s.\n" +
                $"stderr:\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The script sits in <c>interop/</c> at the repo root: the folder holding <c>BlazorSessionDemo.sln</c>.</summary>
    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlazorSessionDemo.sln")))
            {
                var script = Path.Combine(dir.FullName, "interop", "django_session_peer.py");
                Assert.True(File.Exists(script), $"{script} is missing.");
                return script;
            }
        }
        throw new InvalidOperationException($"No BlazorSessionDemo.sln above {AppContext.BaseDirectory}.");
    }
}
