using System.Diagnostics;
using BlazorSessionDemo.Cli;

namespace BlazorSessionDemo.Tests.App;

/// <summary>
/// The app's command line as Django's <c>manage.py</c> (issue 15): help prints the verbs and their options and exits 0;
/// a mistyped verb prints the same and exits non-zero; neither starts the web server (before, both did, and the second
/// server died with a stack trace when the port was taken). A real process each time.
/// </summary>
public sealed class CommandLineUsageTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_PrintsTheVerbsAndOptions_ExitsZero_AndStartsNoServer(string argument)
    {
        var (exitCode, output, error) = await RunAppAsync(argument);

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Contains("clearsessions", output);
        Assert.Contains("createuser --username U --email E [--staff]", output);
        Assert.DoesNotContain("Now listening", output + error);
    }

    [Theory]
    [InlineData("clearsession")]
    [InlineData("runserver")]
    [InlineData("--")]
    public async Task UnknownVerb_PrintsUsage_ExitsNonZero_AndStartsNoServer(string verb)
    {
        var (exitCode, output, error) = await RunAppAsync(verb);

        Assert.Equal(1, exitCode);
        Assert.Contains($"Unknown verb '{verb}'", error);
        Assert.Contains("createuser --username U --email E [--staff]", error);
        Assert.DoesNotContain("Now listening", output + error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData(new string[0], CommandLineVerbs.Kind.Web)]
    [InlineData(new[] { "--urls=http://127.0.0.1:5001" }, CommandLineVerbs.Kind.Web)]
    [InlineData(new[] { "--Session:Engine", "file" }, CommandLineVerbs.Kind.Web)]
    [InlineData(new[] { "Session:Engine=file" }, CommandLineVerbs.Kind.Web)]
    [InlineData(new[] { "clearsessions" }, CommandLineVerbs.Kind.Verb)]
    [InlineData(new[] { "createuser", "--username", "carol" }, CommandLineVerbs.Kind.Verb)]
    [InlineData(new[] { "createuser", "--help" }, CommandLineVerbs.Kind.Help)]
    [InlineData(new[] { "clearsession" }, CommandLineVerbs.Kind.Unknown)]
    [InlineData(new[] { "--", "clearsessions" }, CommandLineVerbs.Kind.Unknown)]
    public void Classify_TellsConfigurationFromVerbs(string[] args, CommandLineVerbs.Kind expected) =>
        Assert.Equal(expected, CommandLineVerbs.Classify(args));

    private static async Task<(int ExitCode, string Output, string Error)> RunAppAsync(string argument)
    {
        var folder = Directory.CreateTempSubdirectory("bsd-cli-");
        try
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BlazorSessionDemo.dll"), argument])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder.FullName,
            };
            // Were a server started, it would listen on a free loopback port and never exit: the wait below fails then.
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(folder.FullName, "cli.db")}";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"'{argument}' did not exit: it started the app. {await output}");
            }
            return (process.ExitCode, await output, await error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
