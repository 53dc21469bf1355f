using System.Security.Cryptography;
using DjangoSessions.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DjangoSessions;

/// <summary>
/// SECRET_KEY for session signing: <c>Session:SecretKey</c> when set; otherwise a key generated once (as Django's
/// <c>get_random_secret_key</c>) and kept in a file, so a restart does not invalidate every session.
/// </summary>
internal static class SessionSecretKey
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";

    public static string Resolve(DjangoSessionSettings settings, IHostEnvironment environment, ILogger logger)
    {
        if (!string.IsNullOrEmpty(settings.Secrets.SecretKey))
        {
            return settings.Secrets.SecretKey;
        }
        var path = Path.GetFullPath(settings.Secrets.SecretKeyFile, environment.ContentRootPath);
        if (!environment.IsDevelopment())
        {
            SessionLog.GeneratedSecretInUse(logger, path);
        }
        return ReadOrCreate(path, logger);
    }

    private static string ReadOrCreate(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        // Usually App_Data, beside the database: whichever of them comes first creates it owner-only.
        OwnerOnlyStorage.EnsureFolder(Path.GetDirectoryName(path)!, logger);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, RandomNumberGenerator.GetString(Alphabet, 50));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        try
        {
            // No overwrite: when two processes start at once, the first key written wins and both use it.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }
        return File.ReadAllText(path).Trim();
    }
}
