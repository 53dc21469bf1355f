using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>
/// Runs one of the <c>interop/*.py</c> peers under Debian's Django 3.2 (<c>/usr/bin/python3</c>; the <c>python3</c> on
/// PATH may be another interpreter without Django) and returns the JSON object it prints. Any failure (no Django, a
/// traceback, a timeout) fails the test with the script's stderr; nothing is skipped.
/// </summary>
internal static class DjangoScript
{
    private const string Python = "/usr/bin/python3";
    private const string InstallHint = "Django 3.2 is required by the interop tests: run `apt-get install -y python3-django` " +
        "(Debian's package installs it for /usr/bin/python3).";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<Task> DjangoAvailable = new(CheckDjangoAsync);

    /// <summary><c>/usr/bin/python3 interop/<paramref name="script"/> ARGS...</c>, its stdout parsed as a JSON object.</summary>
    public static async Task<JsonObject> RunAsync(string script, params string[] arguments)
    {
        await DjangoAvailable.Value;
        var (exitCode, stdout, stderr) = await RunPythonAsync([ScriptPath(script), .. arguments]);
        Assert.True(exitCode == 0, $"{script} {string.Join(' ', arguments.Skip(2).Take(1))} exited with {exitCode}.\nstderr:\n{stderr}\nstdout:\n{stdout}");
        try
        {
            return JsonNode.Parse(stdout) as JsonObject ?? throw new InvalidOperationException("not a JSON object");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            Assert.Fail($"{script} printed no JSON object ({ex.Message}).\nstdout:\n{stdout}\nstderr:\n{stderr}");
            throw;
        }
    }

    private static async Task CheckDjangoAsync()
    {
        (int ExitCode, string Stdout, string Stderr) result;
        try
        {
            result = await RunPythonAsync(["-c", "import django; print(django.get_version())"]);
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"{Python} could not be started ({ex.Message}). {InstallHint}");
            return;
        }
        Assert.True(result.ExitCode == 0, $"{Python} -c \"import django\" failed. {InstallHint}\nstderr:\n{result.Stderr}");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunPythonAsync(IEnumerable<string> arguments)
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

    /// <summary>The scripts sit in <c>interop/</c> at the repo root: the folder holding <c>BlazorSessionDemo.sln</c>.</summary>
    private static string ScriptPath(string script)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlazorSessionDemo.sln")))
            {
                var path = Path.Combine(dir.FullName, "interop", script);
                Assert.True(File.Exists(path), $"{path} is missing.");
                return path;
            }
        }
        throw new InvalidOperationException($"No BlazorSessionDemo.sln above {AppContext.BaseDirectory}.");
    }
}
