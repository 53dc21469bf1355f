using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Auth.Lockout;

/// <summary>
/// Counts failed logins per account and per client address (each a partition of its own
/// <see cref="FailureWindowLimiter"/>). An attempt takes a permit from both before the password is checked, so
/// concurrent guesses can't slip past the limit; a good login gives the address its permit back and clears the
/// account's failures. The counts live in a store every node shares (<see cref="ILoginFailureStore"/>: Redis on the
/// redis engine, else the database), so every node counts the same failures and a restart forgets none; with
/// <c>Auth:Lockout:Store=Process</c> they live in this process (a restart, or the window passing, unlocks everything).
/// </summary>
public sealed class LoginThrottle(IOptions<AuthSettings> settings, TimeProvider time, ILoginFailureStore? shared = null)
{
    // Above this many partitions the idle ones (nothing left in their window) are swept, so a flood of made-up
    // usernames can't grow memory without bound.
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, FailureWindowLimiter> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FailureWindowLimiter> _addresses = new(StringComparer.Ordinal);

    private LoginLockoutSettings Options => settings.Value.Lockout;

    /// <summary>
    /// Takes one attempt from the allowance of <paramref name="account"/> and <paramref name="address"/>; refused
    /// (with the wait) when either is used up. Nothing is taken from either when the attempt is refused.
    /// </summary>
    public async Task<LoginAttemptTicket> BeginAsync(string account, IPAddress? address, CancellationToken cancellationToken = default)
    {
        if (!Options.Enabled)
        {
            return LoginAttemptTicket.Unlimited;
        }
        var addressKey = "address:" + (address?.ToString() ?? "(unknown)");
        if (shared is not null)
        {
            return await BeginSharedAsync(shared, "account:" + account, addressKey, cancellationToken);
        }
        var byAddress = Partition(_addresses, addressKey, Options.MaxFailuresPerAddress);
        using (var lease = byAddress.AttemptAcquire())
        {
            if (!lease.IsAcquired)
            {
                return LoginAttemptTicket.Refused(RetryAfter(lease));
            }
        }
        var byAccount = Partition(_accounts, account, Options.MaxFailuresPerAccount);
        using (var lease = byAccount.AttemptAcquire())
        {
            if (!lease.IsAcquired)
            {
                byAddress.Refund();
                return LoginAttemptTicket.Refused(RetryAfter(lease));
            }
        }
        return new LoginAttemptTicket(true, TimeSpan.Zero, byAccount, byAddress);
    }

    /// <summary>The password was right: the account's failures are forgotten and the address's permit comes back.</summary>
    public async Task SucceededAsync(LoginAttemptTicket ticket, CancellationToken cancellationToken = default)
    {
        ticket.Account?.Reset();
        ticket.Address?.Refund();
        if (shared is not null && ticket.Shared is { } claim)
        {
            await shared.ResetAsync(claim.Account, cancellationToken);
            await shared.RefundAsync(claim.Address, claim.AddressToken, cancellationToken);
        }
    }

    private async Task<LoginAttemptTicket> BeginSharedAsync(ILoginFailureStore counts, string account, string address, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(Options.WindowSeconds);
        var (addressToken, addressWait) = await counts.TryTakeAsync(address, Options.MaxFailuresPerAddress, window, cancellationToken);
        if (addressToken is null)
        {
            return LoginAttemptTicket.Refused(addressWait);
        }
        var (accountToken, accountWait) = await counts.TryTakeAsync(account, Options.MaxFailuresPerAccount, window, cancellationToken);
        if (accountToken is null)
        {
            await counts.RefundAsync(address, addressToken, cancellationToken);
            return LoginAttemptTicket.Refused(accountWait);
        }
        return new LoginAttemptTicket(true, TimeSpan.Zero, null, null, new SharedClaim(account, address, addressToken));
    }

    private FailureWindowLimiter Partition(ConcurrentDictionary<string, FailureWindowLimiter> partitions, string key, int limit)
    {
        if (partitions.Count > SweepThreshold)
        {
            foreach (var (idleKey, idle) in partitions.Where(p => p.Value.IdleDuration is not null))
            {
                partitions.TryRemove(new KeyValuePair<string, FailureWindowLimiter>(idleKey, idle));
            }
        }
        return partitions.GetOrAdd(key, _ => new FailureWindowLimiter(limit, TimeSpan.FromSeconds(Options.WindowSeconds), time));
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
}

/// <summary>One login attempt's claim on the limits: admitted (and which partitions it drew from) or refused for a while.</summary>
public sealed record LoginAttemptTicket(bool Admitted, TimeSpan RetryAfter, FailureWindowLimiter? Account, FailureWindowLimiter? Address,
    SharedClaim? Shared = null)
{
    public static readonly LoginAttemptTicket Unlimited = new(true, TimeSpan.Zero, null, null);

    public static LoginAttemptTicket Refused(TimeSpan retryAfter) => new(false, retryAfter, null, null);
}

/// <summary>The shared partitions an admitted attempt drew from, and its token in the address's count (to refund it).</summary>
public sealed record SharedClaim(string Account, string Address, string AddressToken);
