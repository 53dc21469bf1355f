using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// Runs <c>interop/django_file_session_peer.py</c> under Debian's Django 3.2 (<c>/usr/bin/python3</c>) on the same
/// session folder and secret as the engine under test. Any failure (no Django, a traceback, a timeout) fails the test
/// with the script's stderr; nothing is skipped.
/// </summary>
internal static class DjangoFilePeer
{
    private const string Python = "/usr/bin/python3";
    private const string InstallHint = "Django 3.2 is required by the interop tests: run `apt-get install -y python3-django`.";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<string> ScriptPath = new(FindScript);

    /// <summary><c>read KEY</c>: what Django's file SessionStore sees for that key (loading it, as a request would).</summary>
    public static Task<JsonObject> ReadAsync(string folder, string secret, string sessionKey) =>
        RunAsync(folder, secret, "read", sessionKey);

    /// <summary><c>write JSON</c>: Django creates a session file holding <paramref name="data"/>; returns its key.</summary>
    public static async Task<string> WriteAsync(string folder, string secret, JsonObject data) =>
        KeyOf(await RunAsync(folder, secret, "write", data.ToJsonString()));

    /// <summary><c>update KEY JSON</c>: Django loads the session, adds the items and saves it under the same key.</summary>
    public static async Task<string> UpdateAsync(string folder, string secret, string sessionKey, JsonObject items) =>
        KeyOf(await RunAsync(folder, secret, "update", $"{sessionKey} {items.ToJsonString()}"));

    /// <summary><c>clear</c>: Django's clear_expired on the folder; returns the file names left.</summary>
    public static async Task<IReadOnlyList<string>> ClearExpiredAsync(string folder, string secret)
    {
        var result = await RunAsync(folder, secret, "clear", "-");
        return [.. result["files"]!.AsArray().Select(n => n!.GetValue<string>())];
    }

    private static string KeyOf(JsonObject result) => result["session_key"]?.GetValue<string>()
        ?? throw new InvalidOperationException($"Django returned no session_key: {result.ToJsonString()}");

    private static async Task<JsonObject> RunAsync(string folder, string secret, string verb, string argument)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var value in new[] { ScriptPath.Value, folder, secret, verb, argument })
        {
            start.ArgumentList.Add(value);
        }
        // The system interpreter must see only the system site-packages, whatever the test runner's environment says.
        start.Environment.Remove("PYTHONPATH");
        start.Environment.Remove("PYTHONHOME");
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"{Python} could not be started ({ex.Message}). {InstallHint}");
            throw;
        }
        using (process)
        {
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
                Assert.Fail($"django_file_session_peer.py {verb} did not finish within {Timeout.TotalSeconds} s.\nstderr:\n{await stderr}");
            }
            Assert.True(process.ExitCode == 0,
                $"django_file_session_peer.py {verb} exited with {process.ExitCode}. {InstallHint}\nstderr:\n{await stderr}\nstdout:\n{await stdout}");
            return JsonNode.Parse(await stdout) as JsonObject
                ?? throw new InvalidOperationException($"django_file_session_peer.py {verb} printed no JSON object: {await stdout}");
        }
    }

    /// <summary>The script sits in <c>interop/</c> at the repo root: the folder holding <c>BlazorSessionDemo.sln</c>.</summary>
    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlazorSessionDemo.sln")))
            {
                var script = Path.Combine(dir.FullName, "interop", "django_file_session_peer.py");
                Assert.True(File.Exists(script), $"{script} is missing.");
                return script;
            }
        }
        throw new InvalidOperationException($"No BlazorSessionDemo.sln above {AppContext.BaseDirectory}.");
    }
}
