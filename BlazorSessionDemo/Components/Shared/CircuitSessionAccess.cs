using DjangoSessions;
using DjangoSessions.EntityFrameworkCore;

namespace BlazorSessionDemo.Components.Shared;

/// <summary>
/// The session as interactive components reach it over their circuit: opened by key and saved through
/// <see cref="DjangoSessionFactory"/>, with every store failure turned into an outcome the component shows. A click
/// runs inside the circuit, not inside a request: an exception escaping it would end the circuit (the whole page
/// stops responding), where the HTTP middleware would have answered 409 or 503 and the page would live on.
/// </summary>
public sealed partial class CircuitSessionAccess(DjangoSessionFactory sessions, ILogger<CircuitSessionAccess> logger)
{
    // The catalog and the accounts: the app's database, whichever session engine is configured.
    private const string DatabaseStore = "database";

    private static readonly CircuitSessionResult Done = new(CircuitSessionStatus.Ok, null, null);

    /// <summary>Opens the session <paramref name="sessionKey"/> names; an unknown or ended key is <see cref="CircuitSessionStatus.Ended"/>.</summary>
    public Task<CircuitSessionResult> OpenAsync(string? sessionKey, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            var session = await sessions.OpenAsync(sessionKey, cancellationToken);
            return session.SessionKey is null ? CircuitSessionResult.Ended : CircuitSessionResult.Ok(session);
        });

    /// <summary>Saves <paramref name="session"/>; a session deleted meanwhile (logged out elsewhere) is <see cref="CircuitSessionStatus.Ended"/>.</summary>
    public Task<CircuitSessionResult> SaveAsync(DjangoSession session, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            await session.SaveAsync(cancellationToken: cancellationToken);
            return CircuitSessionResult.Ok(session);
        });

    /// <summary>
    /// Runs the other store work of a click (catalog reads, revocation, account look-ups) the same way: null when it
    /// worked, else what to tell the user. The catalog and the accounts live in the database, whose reads surface an
    /// outage as the provider's own exception (locked, read-only, can't open), not as <see cref="SessionStoreUnavailableException"/>.
    /// </summary>
    public async Task<string?> RunAsync(Func<Task> work)
    {
        var result = await RunAsync(async () =>
        {
            await work();
            return Done;
        });
        return result.Status == CircuitSessionStatus.Ended ? "This session has ended." : result.Message;
    }

    private async Task<CircuitSessionResult> RunAsync(Func<Task<CircuitSessionResult>> operation)
    {
        try
        {
            return await operation();
        }
        catch (SessionUpdateException)
        {
            // Django's UpdateError: the session was deleted before this save; never resurrected.
            return CircuitSessionResult.Ended;
        }
        catch (SessionConflictException ex)
        {
            // What the middleware answers with 409: another request changed the same key from the same value.
            return CircuitSessionResult.Problem(CircuitSessionStatus.Conflict,
                $"Another request changed '{ex.Key}' at the same moment, so this change was not saved. Try again.");
        }
        catch (SessionStoreUnavailableException ex)
        {
            // What the middleware answers with 503; the store's own error stays in the log, not on the page.
            return StoreUnavailable(ex.Engine, ex);
        }
        catch (Exception ex) when (SessionDbDialect.AnyIsUnavailable(ex))
        {
            return StoreUnavailable(DatabaseStore, ex);
        }
        catch (SessionTooLargeException ex)
        {
            return CircuitSessionResult.Problem(CircuitSessionStatus.TooLarge, ex.Message);
        }
    }

    private CircuitSessionResult StoreUnavailable(string store, Exception exception)
    {
        LogStoreUnavailable(logger, store, exception);
        return CircuitSessionResult.Problem(CircuitSessionStatus.StoreUnavailable,
            $"The session store ({store}) is not answering right now. Nothing was lost; try again in a moment.");
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "An interactive component could not reach the '{Engine}' session store; the circuit stays up.")]
    private static partial void LogStoreUnavailable(ILogger logger, string engine, Exception exception);
}

/// <summary>How a circuit's session operation went.</summary>
public enum CircuitSessionStatus
{
    /// <summary>Done.</summary>
    Ok,

    /// <summary>The session no longer exists (logged out, revoked, expired).</summary>
    Ended,

    /// <summary>A concurrent change to the same key; nothing saved.</summary>
    Conflict,

    /// <summary>The store did not answer.</summary>
    StoreUnavailable,

    /// <summary>The session would not fit its cookie (signed_cookies).</summary>
    TooLarge,
}

/// <summary>The session (when <see cref="Status"/> is Ok) or what went wrong, in words for the page.</summary>
public sealed record CircuitSessionResult(CircuitSessionStatus Status, DjangoSession? Session, string? Message)
{
    /// <summary>The session is gone.</summary>
    public static CircuitSessionResult Ended { get; } = new(CircuitSessionStatus.Ended, null, null);

    /// <summary>It worked.</summary>
    public static CircuitSessionResult Ok(DjangoSession session) => new(CircuitSessionStatus.Ok, session, null);

    /// <summary>It failed with a message for the user.</summary>
    public static CircuitSessionResult Problem(CircuitSessionStatus status, string message) => new(status, null, message);
}
