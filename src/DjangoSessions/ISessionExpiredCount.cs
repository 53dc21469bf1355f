namespace DjangoSessions;

/// <summary>
/// An engine feature (<see cref="ISessionEngine.GetFeature{TFeature}"/>): how many stored sessions are past their
/// expiry, i.e. what <see cref="ISessionEngine.ClearExpiredAsync"/> would remove now, counted without removing or
/// reading them. Engines whose store expires entries itself (cache, redis) or that could only tell by opening every
/// session (file) don't offer it.
/// </summary>
public interface ISessionExpiredCount
{
    /// <summary>Django's <c>clear_expired</c> query as a count: sessions whose <c>expire_date</c> is before now.</summary>
    Task<int> CountExpiredAsync(CancellationToken cancellationToken = default);
}
