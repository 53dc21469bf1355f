namespace BlazorSessionDemo.Auth.Lockout;

/// <summary>
/// Failed-login counts every node shares (Redis: <see cref="SharedLoginFailures"/>; the database:
/// <see cref="DatabaseLoginFailures"/>). Each partition (an account, a client address) is a sliding log of attempts;
/// taking an attempt is atomic in the store, so concurrent guesses over any number of nodes are counted exactly.
/// </summary>
public interface ILoginFailureStore
{
    /// <summary>Takes one attempt from <paramref name="partition"/>'s allowance: the attempt's token, or the wait when refused.</summary>
    Task<(string? Token, TimeSpan RetryAfter)> TryTakeAsync(string partition, int limit, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Gives this attempt's permit back (it was not a failure).</summary>
    Task RefundAsync(string partition, string token, CancellationToken cancellationToken);

    /// <summary>Forgets every failure of <paramref name="partition"/> (the account logged in).</summary>
    Task ResetAsync(string partition, CancellationToken cancellationToken);
}
