using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.App;

/// <summary>The generated development secret survives restarts, so sessions do too.</summary>
public sealed class SecretKeyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bsd-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void GeneratedSecret_IsPersisted_AndReusedOnTheNextStart()
    {
        var settings = new DjangoSessionSettings { Secrets = { SecretKeyFile = "App_Data/secret.key" } };

        var first = SessionSecretKey.Resolve(settings, Environment(), NullLogger.Instance);
        var second = SessionSecretKey.Resolve(settings, Environment(), NullLogger.Instance);

        Assert.Equal(first, second);
        Assert.Equal(50, first.Length);
        var file = Path.Combine(_root, "App_Data", "secret.key");
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void ConfiguredSecret_WinsAndWritesNoFile()
    {
        var settings = new DjangoSessionSettings { Secrets = { SecretKey = new string('k', 40), SecretKeyFile = "App_Data/secret.key" } };

        Assert.Equal(new string('k', 40), SessionSecretKey.Resolve(settings, Environment(), NullLogger.Instance));
        Assert.False(File.Exists(Path.Combine(_root, "App_Data", "secret.key")));
    }

    private HostingEnvironment Environment() => new() { ContentRootPath = _root, EnvironmentName = Environments.Development };

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
