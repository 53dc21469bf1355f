using BenchHost;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// BCrypt below the app's minimum of 10 is possible only from code composed into the host (the benchmark host lowers
/// the floor to 4 to measure a login's session cost apart from the hash): configuration alone never weakens hashing.
/// </summary>
public sealed class BcryptWorkFactorFloorTests
{
    private const string Reason = "Auth:BcryptWorkFactor: must be between 10 and 31.";

    [Fact]
    public void WorkFactor4_FromConfiguration_IsRejectedWithTheReason()
    {
        var settings = Resolve(new() { ["Auth:BcryptWorkFactor"] = "4" });

        Assert.Contains(Reason, Assert.Throws<OptionsValidationException>(() => settings.Value).Message);
    }

    [Theory]
    [InlineData("BcryptWorkFactorFloor:Minimum")]
    [InlineData("Auth:BcryptWorkFactorFloor:Minimum")]
    [InlineData("Auth:Minimum")]
    [InlineData("Bench:Endpoints")]
    public void WorkFactor4_WithAFloorLikeSetting_IsStillRejected(string key)
    {
        var settings = Resolve(new() { ["Auth:BcryptWorkFactor"] = "4", [key] = key == "Bench:Endpoints" ? "true" : "4" });

        Assert.Throws<OptionsValidationException>(() => settings.Value);
    }

    [Fact]
    public void WorkFactor4_WithTheBenchHost_IsAccepted()
    {
        var settings = Resolve(new() { ["Auth:BcryptWorkFactor"] = "4" }, benchHost: true);

        Assert.Equal(4, settings.Value.BcryptWorkFactor);
    }

    [Fact]
    public void WorkFactor3_WithTheBenchHost_IsRejected()
    {
        var settings = Resolve(new() { ["Auth:BcryptWorkFactor"] = "3" }, benchHost: true);

        Assert.Throws<OptionsValidationException>(() => settings.Value);
    }

    [Fact]
    public async Task App_WithWorkFactor4FromConfiguration_StopsAtStartWithTheReason()
    {
        using var database = new TempSqliteDatabase();

        var (exitCode, _, error) = await AppProcess.RunAsync(database, null, "--Auth:BcryptWorkFactor=4");

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid configuration: " + Reason, error);
    }

    private static IOptions<AuthSettings> Resolve(Dictionary<string, string?> values, bool benchHost = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSessionAuthentication(configuration);
        if (benchHost)
        {
            services.AddBenchHost();
        }
        return services.BuildServiceProvider().GetRequiredService<IOptions<AuthSettings>>();
    }
}
