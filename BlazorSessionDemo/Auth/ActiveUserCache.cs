using System.Collections.Concurrent;
using System.Globalization;
using BlazorSessionDemo.Data;
using DjangoSessions.Catalog;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// The active users authentication has read lately, kept per process for <c>Auth:UserCacheSeconds</c> so an
/// authenticated request makes no database query (Django's <c>get_user()</c> reads the row on every request). Every
/// change to an account goes through <see cref="AccountChanged"/>: the entry is dropped here at once, and a
/// <see cref="SessionEventKind.AccountChanged"/> event tells the other nodes to drop theirs. A change no node announces
/// (a Django site or SQL writing <c>auth_user</c>) is seen when the entry expires. Only active users are kept: a
/// deactivated or unknown user is read from the database each time, so reactivating one takes effect at once.
/// </summary>
public sealed class ActiveUserCache : IDisposable
{
    private readonly ConcurrentDictionary<long, Entry> _entries = new();
    private readonly Lock _gate = new();
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;
    private readonly ISessionEventBus? _events;
    private readonly IDisposable? _subscription;

    // Bumped by every change (under _gate): a read that started before a change must not store what it read after it.
    private long _generation;

    public ActiveUserCache(IOptions<AuthSettings> settings, TimeProvider time, ISessionEventBus? events = null)
    {
        _lifetime = TimeSpan.FromSeconds(settings.Value.UserCacheSeconds);
        _time = time;
        _events = events;
        _subscription = events?.Subscribe(OnEvent);
    }

    /// <summary>Off when <c>Auth:UserCacheSeconds</c> is 0: every request reads the user from the database.</summary>
    public bool Enabled => _lifetime > TimeSpan.Zero;

    /// <summary>Take it before reading a user from the database, and hand it to <see cref="Store"/> with what was read.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    /// <summary>The user <paramref name="id"/> when cached and not expired, else null (read the database).</summary>
    public CachedUser? Find(long id) =>
        _entries.TryGetValue(id, out var entry) && _time.GetUtcNow() < entry.Expires ? entry.User : null;

    /// <summary>
    /// Keeps <paramref name="user"/> (read from the database after <paramref name="generation"/> was taken) unless an
    /// account changed meanwhile; null (not active, or gone) drops the entry. Returns what the caller should use.
    /// </summary>
    public CachedUser? Store(long id, User? user, long generation)
    {
        var cached = user is null ? null : new CachedUser(user);
        lock (_gate)
        {
            if (cached is null || !Enabled)
            {
                _entries.TryRemove(id, out _);
            }
            else if (_generation == generation)
            {
                _entries[id] = new Entry(cached, _time.GetUtcNow() + _lifetime);
            }
        }
        return cached;
    }

    /// <summary>
    /// The account <paramref name="id"/> changed (password, active flag, deleted; call after the write is committed):
    /// this node forgets it before this returns, and the event bus tells the others.
    /// </summary>
    public void AccountChanged(long id)
    {
        Forget(id);
        _events?.Publish(new SessionEvent(SessionEventKind.AccountChanged, "", id.ToString(CultureInfo.InvariantCulture)));
    }

    public void Dispose() => _subscription?.Dispose();

    private void OnEvent(SessionEvent sessionEvent)
    {
        if (sessionEvent.Kind != SessionEventKind.AccountChanged)
        {
            return;
        }
        // An event naming no id this app could have written (another app's user ids?) drops everything: never keep a
        // user an announced change may concern.
        Forget(long.TryParse(sessionEvent.UserId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : null);
    }

    private void Forget(long? id)
    {
        lock (_gate)
        {
            _generation++;
            if (id is { } one)
            {
                _entries.TryRemove(one, out _);
            }
            else
            {
                _entries.Clear();
            }
        }
    }

    private sealed record Entry(CachedUser User, DateTimeOffset Expires);
}
