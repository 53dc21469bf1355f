using DjangoSessions.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// ASP.NET Core data protection (antiforgery tokens of the login, logout and demo forms; Blazor Server's protected
/// component state) with its key ring in a folder the app owns, <c>DataProtection:KeysFolder</c> (default
/// <c>App_Data/DataProtection-Keys</c>, relative to the content root like <c>Session:SecretKeyFile</c>), under a fixed
/// application name. So a restarted or moved app still accepts the forms and cookies it issued before - the same
/// promise the persisted session secret makes for sessions - instead of depending on a HOME directory being there.
/// The keys are stored unencrypted (no certificate or DPAPI on Linux), so the folder the app creates is its user's
/// alone (0700), before the key manager first reads or writes it.
/// </summary>
public static class DataProtectionKeys
{
    public const string KeysFolderSetting = "DataProtection:KeysFolder";
    public const string DefaultKeysFolder = "App_Data/DataProtection-Keys";
    public const string ApplicationName = "BlazorSessionDemo";

    public static IServiceCollection AddPersistedDataProtection(this IServiceCollection services,
        IConfiguration configuration, IHostEnvironment environment)
    {
        var folder = Path.GetFullPath(configuration[KeysFolderSetting] is { Length: > 0 } configured ? configured : DefaultKeysFolder,
            environment.ContentRootPath);
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(folder));
        services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((_, logs) =>
            OwnerOnlyStorage.EnsureFolder(folder, logs.CreateLogger(typeof(DataProtectionKeys).FullName!)));
        return services;
    }
}
