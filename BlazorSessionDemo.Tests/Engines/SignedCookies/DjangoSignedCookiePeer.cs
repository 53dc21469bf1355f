using System.Diagnostics;
using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// Runs <c>interop/django_signed_cookie_peer.py</c> (cookie-read / cookie-write) under Debian's Django 3.2
/// (<c>/usr/bin/python3</c>, as <c>Interop/DjangoPeer</c> does) with the same secret as this app. Any failure (no
/// Django, a traceback, a timeout) fails the test with the script's stderr; nothing is skipped.
/// </summary>
internal static class DjangoSignedCookiePeer
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary><c>cookie-read VALUE</c>: what Django's signed_cookies SessionStore sees in that cookie.</summary>
    public static Task<JsonObject> ReadAsync(string secret, string cookie) => RunAsync(secret, "cookie-read", cookie);

    /// <summary><c>cookie-write JSON</c>: the cookie value Django's signed_cookies SessionStore writes for that dict.</summary>
    public static async Task<string> WriteAsync(string secret, JsonObject data) =>
        (await RunAsync(secret, "cookie-write", data.ToJsonString()))["cookie"]!.GetValue<string>();

    private static async Task<JsonObject> RunAsync(string secret, string verb, string argument)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The cookie verbs use no database; the script's first argument is still a (never created) SQLite path.
        foreach (var arg in new[] { FindScript(), Path.Combine(Path.GetTempPath(), "unused-signed-cookie-peer.db"), secret, verb, argument })
        {
            start.ArgumentList.Add(arg);
        }
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
            Assert.Fail($"django_signed_cookie_peer.py {verb} did not finish within {Timeout.TotalSeconds} s.\n{await stderr}");
        }
        Assert.True(process.ExitCode == 0, $"django_signed_cookie_peer.py {verb} exited with {process.ExitCode} " +
            $"(Django 3.2 comes with `apt-get install -y python3-django`).\nstderr:\n{await stderr}\nstdout:\n{await stdout}");
        return JsonNode.Parse(await stdout) as JsonObject
            ?? throw new InvalidOperationException($"django_signed_cookie_peer.py {verb} printed no JSON object: {await stdout}");
    }

    /// <summary>The script sits in <c>interop/</c> at the repo root: the folder holding <c>BlazorSessionDemo.sln</c>.</summary>
    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlazorSessionDemo.sln")))
            {
                var script = Path.Combine(dir.FullName, "interop", "django_signed_cookie_peer.py");
                Assert.True(File.Exists(script), $"{script} is missing.");
                return script;
            }
        }
        throw new InvalidOperationException($"No BlazorSessionDemo.sln above {AppContext.BaseDirectory}.");
    }
}
