using DjangoSessions.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DjangoSessions;

/// <summary><c>manage.py clearsessions</c>: deletes expired sessions and says how many; exit 1 when the engine can't.</summary>
public static class ClearSessionsCommand
{
    /// <summary>The verb: <c>dotnet run -- clearsessions</c>.</summary>
    public const string Name = "clearsessions";

    /// <summary>Runs the command on the app's services: 0 with the count on <paramref name="output"/>, 1 with a reason on <paramref name="error"/> when the engine can't list its sessions (cache, signed_cookies).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<IOptions<DjangoSessionSettings>>().Value;
        var lifecycle = scope.ServiceProvider.GetRequiredService<SessionLifecycle>();
        var result = await lifecycle.ClearExpiredAsync(cancellationToken);
        if (result.FromEngine is not { } removed)
        {
            await error.WriteLineAsync($"Session engine '{settings.Engine}' doesn't support clearing expired sessions.");
            return 1;
        }
        await output.WriteLineAsync($"Removed {removed} expired session(s) from the '{settings.Engine}' engine.");
        return 0;
    }
}
