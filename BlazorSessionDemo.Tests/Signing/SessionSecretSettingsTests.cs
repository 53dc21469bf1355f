using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// The SECRET_KEY in effect: the configured <c>Session:SecretKey</c> wins; unset (or empty), the key generated into
/// <c>Session:SecretKeyFile</c> (default <c>App_Data/session-secret.key</c> under the content root) is used instead.
/// </summary>
public sealed class SessionSecretSettingsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bsd-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void EffectiveSecretKey_ConfiguredKey_WinsAndTheGeneratedOneIsNeverMade()
    {
        var generated = new Lazy<string>(() => "generated-key");
        var settings = new SessionSecretSettings { SecretKey = "configured-key", GeneratedSecretKey = generated };

        Assert.Equal("configured-key", settings.EffectiveSecretKey);
        Assert.False(generated.IsValueCreated);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void EffectiveSecretKey_NoConfiguredKey_IsTheGeneratedOne(string? configured)
    {
        var settings = new SessionSecretSettings { SecretKey = configured, GeneratedSecretKey = new(() => "generated-key") };

        Assert.Equal("generated-key", settings.EffectiveSecretKey);
    }

    [Fact]
    public void GeneratedKey_ByDefault_IsKeptInAppDataSessionSecretKey_UnderTheContentRoot()
    {
        var settings = new DjangoSessionSettings();
        var environment = new HostingEnvironment { ContentRootPath = _root, EnvironmentName = Environments.Development };

        var key = SessionSecretKey.Resolve(settings, environment, NullLogger.Instance);

        Assert.Equal(key, File.ReadAllText(Path.Combine(_root, "App_Data", "session-secret.key")));
    }

    [Fact]
    public async Task App_WithoutAConfiguredKey_SignsSessionDataWithTheKeyFilesValue()
    {
        const string fileKey = "key-read-from-the-generated-key-file-0123456789";
        Directory.CreateDirectory(Path.Combine(_root, "App_Data"));
        await File.WriteAllTextAsync(Path.Combine(_root, "App_Data", "session-secret.key"), fileKey + "\n");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _root, EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Session:Engine"] = SessionEngineNames.Cache });
        builder.Services.AddDjangoSessions(builder.Configuration.GetSection(DjangoSessionSettings.SectionName)).AddCacheEngine();
        await using var app = builder.Build();

        var secrets = app.Services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value.Secrets;
        var encoded = app.Services.GetRequiredService<SessionDataCodec>().Encode(new JsonObject { ["user_id"] = 3 });

        Assert.Null(secrets.SecretKey);
        Assert.Equal(fileKey, secrets.EffectiveSecretKey);
        Assert.Equal("""{"user_id":3}""", new DjangoSigner(fileKey, [], SessionDataCodec.Salt, TimeProvider.System).Loads(encoded));
    }
}
