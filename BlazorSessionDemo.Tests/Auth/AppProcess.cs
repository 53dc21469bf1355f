using System.Diagnostics;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>Runs the built app as a user does, <c>dotnet BlazorSessionDemo.dll VERB ...</c>, over a test database.</summary>
public static class AppProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(TempSqliteDatabase database, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BlazorSessionDemo.dll"), .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = database.Folder,
        };
        start.Environment["ConnectionStrings__Default"] = database.ConnectionString;
        start.Environment["Session__SecretKey"] = SessionTestHost.Secret;
        start.Environment["Session__SecretKeyFile"] = Path.Combine(database.Folder, "secret.key");
        start.Environment["Auth__BcryptWorkFactor"] = "10";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
