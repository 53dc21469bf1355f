using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Engines;

/// <summary>Registers the <c>file</c> engine on a <see cref="DjangoSessionBuilder"/>.</summary>
public static class FileEngineRegistration
{
    /// <summary>
    /// The <c>file</c> engine (Django's <c>django.contrib.sessions.backends.file</c>) in <c>Session:FilePath</c>, checked
    /// on start when <c>Session:Engine</c> is <c>file</c>.
    /// </summary>
    public static DjangoSessionBuilder AddFileEngine(this DjangoSessionBuilder builder)
    {
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<DjangoSessionSettings>, FileSessionFolderValidator>());
        return builder.AddEngine<FileSessionEngine>(SessionEngineNames.File);
    }
}
