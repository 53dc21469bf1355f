using System.Diagnostics;
using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Interop.SharedLogin;

/// <summary>
/// The real Django 3.2 site of <c>interop/django_site</c> (Django's LoginView, LogoutView, PasswordChangeView, a page
/// showing request.user), driven through Django's test client by <c>interop/django_site_driver.py</c>: one long-lived
/// process per test class, one JSON command per line. Any Django error fails the test with its message.
/// </summary>
public sealed class DjangoSite : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Text.StringBuilder _stderr = new();

    private DjangoSite(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) { _stderr.AppendLine(e.Data); } };
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts the site on <paramref name="dbPath"/>; <paramref name="migrate"/> runs Django's <c>migrate</c> first.</summary>
    public static async Task<DjangoSite> StartAsync(string dbPath, string secret, bool migrate)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { ScriptPath(), dbPath, secret, migrate ? "migrate" : "no-migrate" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("PYTHONPATH");
        start.Environment.Remove("PYTHONHOME");
        start.Environment["PYTHONUTF8"] = "1";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        var site = new DjangoSite(Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start."));
        var ready = await site.ReadAnswerAsync();
        Assert.True(ready["ready"]?.GetValue<bool>() == true, $"The Django site did not start: {ready.ToJsonString()}");
        return site;
    }

    /// <summary>Sends one command (<c>{"op": ...}</c>) and returns Django's answer; a Django exception fails the test.</summary>
    public async Task<JsonObject> SendAsync(JsonObject command)
    {
        await _gate.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(command.ToJsonString());
            await _process.StandardInput.FlushAsync();
            var answer = await ReadAnswerAsync();
            Assert.True(answer["error"] is null, $"Django failed on {command["op"]}: {answer["error"]}\n{Stderr}");
            return answer;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<string?> LoginAsync(string username, string password) =>
        (await SendAsync(new() { ["op"] = "login", ["username"] = username, ["password"] = password }))["session_key"]?.GetValue<string>();

    /// <summary>The username Django's page shows for the session <paramref name="sessionKey"/>, or null when anonymous.</summary>
    public async Task<string?> WhoAmIAsync(string sessionKey) =>
        (await SendAsync(new() { ["op"] = "whoami", ["session_key"] = sessionKey }))["user"]?.GetValue<string>();

    public Task<JsonObject> LogoutAsync(string sessionKey) => SendAsync(new() { ["op"] = "logout", ["session_key"] = sessionKey });

    public Task<JsonObject> CreateUserAsync(string username, string password, string hasher, int? rounds = null)
    {
        var command = new JsonObject { ["op"] = "create_user", ["username"] = username, ["email"] = $"{username}@example.com", ["password"] = password, ["hasher"] = hasher };
        if (rounds is { } r)
        {
            command["rounds"] = r;
        }
        return SendAsync(command);
    }

    /// <summary>Django's own <c>check_password</c> (no rehash) on the user's stored hash.</summary>
    public async Task<bool> ChecksPasswordAsync(string username, string password) =>
        (await SendAsync(new() { ["op"] = "check_password", ["username"] = username, ["password"] = password }))["valid"]!.GetValue<bool>();

    public Task<JsonObject> UserAsync(string username) => SendAsync(new() { ["op"] = "user", ["username"] = username });

    private string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    private async Task<JsonObject> ReadAnswerAsync()
    {
        using var timeout = new CancellationTokenSource(CommandTimeout);
        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The Django site did not answer within {CommandTimeout.TotalSeconds} s.\n{Stderr}");
            throw;
        }
        Assert.True(line is not null, $"The Django site exited ({(_process.HasExited ? _process.ExitCode : -1)}).\n{Stderr}");
        return JsonNode.Parse(line!) as JsonObject ?? throw new InvalidOperationException($"Not a JSON object: {line}");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        _gate.Dispose();
    }

    private static string ScriptPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlazorSessionDemo.sln")))
            {
                return Path.Combine(dir.FullName, "interop", "django_site_driver.py");
            }
        }
        throw new InvalidOperationException($"No BlazorSessionDemo.sln above {AppContext.BaseDirectory}.");
    }
}
