using BlazorSessionDemo.Data;
using DjangoSessions.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Auth;

/// <summary>ASP.NET Core data protection with a key ring that survives restarts and is shared where the database is.</summary>
/// <remarks>
/// ASP.NET Core data protection (antiforgery tokens of the login, logout and demo forms; Blazor Server's protected
/// component state) with its key ring in a folder the app owns, <c>DataProtection:KeysFolder</c> (default
/// <c>App_Data/DataProtection-Keys</c>, relative to the content root like <c>Session:SecretKeyFile</c>), under a fixed
/// application name. So a restarted or moved app still accepts the forms and cookies it issued before - the same
/// promise the persisted session secret makes for sessions - instead of depending on a HOME directory being there.
/// The keys are stored unencrypted (no certificate or DPAPI on Linux), so the folder the app creates is its user's
/// alone (0700), before the key manager first reads or writes it.
/// On PostgreSQL (<c>Database:Provider</c>) the key ring lives in the shared database instead (<c>data_protection_keys</c>),
/// so every node behind a load balancer accepts the forms and circuits of the others, and
/// <see cref="EnsureSharedKeyAsync"/> makes nodes started together agree on one key.
/// </remarks>
public static class DataProtectionKeys
{
    public const string KeysFolderSetting = "DataProtection:KeysFolder";
    public const string DefaultKeysFolder = "App_Data/DataProtection-Keys";
    public const string ApplicationName = "BlazorSessionDemo";

    public static IServiceCollection AddPersistedDataProtection(this IServiceCollection services,
        IConfiguration configuration, IHostEnvironment environment)
    {
        // The provider key alone: binding the whole section here would throw on a bad value of another key before the
        // app's start-up validation can name it in one line.
        if (new DatabaseSettings { Provider = configuration[$"{DatabaseSettings.SectionName}:Provider"] ?? DatabaseSettings.Sqlite }.IsPostgreSql)
        {
            // The repository resolves the context from a scope; the app otherwise only uses the pooled factory.
            services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
            services.AddDataProtection()
                .SetApplicationName(ApplicationName)
                .PersistKeysToDbContext<AppDbContext>();
            return services;
        }
        var folder = Path.GetFullPath(configuration[KeysFolderSetting] is { Length: > 0 } configured ? configured : DefaultKeysFolder,
            environment.ContentRootPath);
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(folder));
        services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((_, logs) =>
            OwnerOnlyStorage.EnsureFolder(folder, logs.CreateLogger(typeof(DataProtectionKeys).FullName!)));
        return services;
    }

    /// <summary>
    /// On PostgreSQL: makes sure the shared key ring has a key before the node serves anything, one node at a time (an
    /// advisory lock), so nodes started together create one key between them - the first creates it, the others read
    /// it - instead of one each. Nothing to do on SQLite (one process, its own folder).
    /// </summary>
    public static async Task EnsureSharedKeyAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsNpgsql())
        {
            return;
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({KeyRingLockId})", cancellationToken);
        try
        {
            // The first protect loads the key ring, creating and storing the first key if there is none.
            services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ApplicationName + ".KeyRing").Protect([1]);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({KeyRingLockId})", CancellationToken.None);
        }
    }

    /// <summary>The advisory lock key of the first key ("BSD-KEYS" in ASCII, recognisable in pg_locks).</summary>
    private const long KeyRingLockId = 0x4253442D4B455953;
}
