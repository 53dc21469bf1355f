using BlazorSessionDemo.Security;
using BlazorSessionDemo.Tests.Auth;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// <c>ForwardedHeaders</c>: nothing trusted by default (not even loopback, which ASP.NET Core's own default trusts), the
/// configured proxies and networks exactly, and a typo stops the app at start. Behind a real nginx: ProxyInFrontTests.
/// </summary>
public sealed class ProxySettingsTests
{
    [Fact]
    public void Default_TrustsNoProxy_NotEvenLoopback()
    {
        var options = Resolve([]);

        Assert.Empty(options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
    }

    [Fact]
    public void ConfiguredProxiesAndNetworks_AreTheOnlyOnesTrusted_AndOnlyTheLastHopIsRead()
    {
        var options = Resolve(new()
        {
            ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5",
            ["ForwardedHeaders:KnownNetworks:0"] = "192.168.10.0/24",
        });

        Assert.Equal([System.Net.IPAddress.Parse("10.0.0.5")], options.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("192.168.10.0/24")], options.KnownIPNetworks);
        Assert.Equal(1, options.ForwardLimit);
        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, options.ForwardedHeaders);
    }

    [Fact]
    public async Task App_WithAProxyThatIsNotAnAddress_StopsAtStartWithTheReason()
    {
        using var database = new TempSqliteDatabase();

        var (exitCode, _, error) = await AppProcess.RunAsync(database, null, "--ForwardedHeaders:KnownNetworks:0=10.0.0.0/33");

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid configuration: ForwardedHeaders: KnownProxies must be IP addresses and KnownNetworks CIDR networks", error);
    }

    [Fact]
    public async Task App_WithAnUnknownLockoutStore_StopsAtStartWithTheReason()
    {
        using var database = new TempSqliteDatabase();

        var (exitCode, _, error) = await AppProcess.RunAsync(database, null, "--Auth:Lockout:Store=Memcached");

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid configuration: Auth:Lockout:Store: must be Auto, Redis, Database or Process.", error);
    }

    private static ForwardedHeadersOptions Resolve(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddProxyForwardedHeaders(configuration);
        return services.BuildServiceProvider().GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
    }
}
