using BlazorSessionDemo.Auth;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// BCrypt factor 4 (to measure a login's session cost apart from the hash) is accepted only for the benchmarks, when
/// <c>Bench:Endpoints</c> is on; otherwise the app's minimum of 10 stands.
/// </summary>
public sealed class BenchWorkFactorTests
{
    [Fact]
    public void WorkFactor4_WithoutBenchEndpoints_IsRejected()
    {
        var settings = Resolve(new() { ["Auth:BcryptWorkFactor"] = "4" });

        Assert.Throws<OptionsValidationException>(() => settings.Value);
    }

    [Fact]
    public void WorkFactor4_WithBenchEndpoints_IsAccepted()
    {
        var settings = Resolve(new() { ["Auth:BcryptWorkFactor"] = "4", ["Bench:Endpoints"] = "true" });

        Assert.Equal(4, settings.Value.BcryptWorkFactor);
    }

    [Fact]
    public void WorkFactor3_WithBenchEndpoints_IsRejected()
    {
        var settings = Resolve(new() { ["Auth:BcryptWorkFactor"] = "3", ["Bench:Endpoints"] = "true" });

        Assert.Throws<OptionsValidationException>(() => settings.Value);
    }

    private static IOptions<AuthSettings> Resolve(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSessionAuthentication(configuration);
        return services.BuildServiceProvider().GetRequiredService<IOptions<AuthSettings>>();
    }
}
