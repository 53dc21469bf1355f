using DjangoSessions.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Engines;

/// <summary>
/// Checks <c>Session:FilePath</c> on start when the file engine is selected: the folder is created if missing and must
/// accept a file, so a wrong path stops the app with a message naming the setting (Django raises ImproperlyConfigured
/// for a missing folder) instead of every request answering 503.
/// </summary>
internal sealed class FileSessionFolderValidator(IHostEnvironment? environment = null) : IValidateOptions<DjangoSessionSettings>
{
    public ValidateOptionsResult Validate(string? name, DjangoSessionSettings settings)
    {
        if (!settings.Enabled || settings.Engine != SessionEngineNames.File)
        {
            return ValidateOptionsResult.Skip;
        }
        if (!FileSessionPaths.TryResolveFolder(settings.File.FilePath, environment?.ContentRootPath, out var folder, out var error))
        {
            return ValidateOptionsResult.Fail(error);
        }
        try
        {
            // The file names are session keys: a folder the app creates lists them to its own user only (0700).
            OwnerOnlyStorage.EnsureFolder(folder, logger: null);
            // A probe that no session store scans (it doesn't start with the cookie name) and that vanishes on close.
            var probe = Path.Combine(folder, $".session-folder-check-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail(
                $"{DjangoSessionSettings.SectionName}:{nameof(DjangoSessionSettings.File.FilePath)}: the session folder '{folder}' can't be used: {ex.Message}");
        }
    }
}
