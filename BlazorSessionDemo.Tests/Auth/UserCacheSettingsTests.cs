using System.Globalization;
using BlazorSessionDemo.Auth;
using Microsoft.Extensions.Configuration;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary><c>Auth:UserCacheSeconds</c>: a few seconds by default, 0 turns the cache off, nothing negative or long.</summary>
public sealed class UserCacheSettingsTests
{
    [Fact]
    public void Default_IsFiveSeconds()
    {
        Assert.Equal(5, Resolve(new()).Value.UserCacheSeconds);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("60")]
    public void InRange_IsAccepted(string seconds)
    {
        Assert.Equal(int.Parse(seconds, CultureInfo.InvariantCulture), Resolve(new() { ["Auth:UserCacheSeconds"] = seconds }).Value.UserCacheSeconds);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("61")]
    [InlineData("86400")]
    public void OutOfRange_IsRejectedWithTheReason(string seconds)
    {
        var settings = Resolve(new() { ["Auth:UserCacheSeconds"] = seconds });

        Assert.Contains("Auth:UserCacheSeconds: must be between 0 (off) and 60.",
            Assert.Throws<OptionsValidationException>(() => settings.Value).Message);
    }

    private static IOptions<AuthSettings> Resolve(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSessionAuthentication(configuration);
        return services.BuildServiceProvider().GetRequiredService<IOptions<AuthSettings>>();
    }
}
