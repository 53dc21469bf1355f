using System.Text.Json.Nodes;
using DjangoSessions.Catalog;
using DjangoSessions.Lifecycle;

namespace DjangoSessions;

/// <summary>
/// The session as the store knows it: its key and SessionBase's round trips (load, save, create, delete, flush,
/// cycle_key), each through <see cref="SessionLifecycle"/> (lock, engine, metrics, catalog, events). A racing save
/// merges this request's changes (<c>SessionChanges</c>) under the key's write lock.
/// </summary>
internal sealed class SessionRecord(SessionLifecycle lifecycle, SessionValues values, SessionLifetime lifetime, string? sessionKey)
{
    // Django loops forever on CreateError; a bound turns a broken engine into an error instead of a hang.
    private const int MaxCreateAttempts = 100;

    // Each failed swap means another writer just succeeded; within a node the write locks queue writers, so only other
    // nodes' writers compete. Nodes that keep retrying in step can starve one of them (seen on a loaded CI machine with
    // 10 attempts and no pause), so after the second miss each retry waits a random few milliseconds, growing.
    private const int MaxSwapAttempts = 30;

    private readonly SessionLifecycle _lifecycle = lifecycle;
    private readonly SessionValues _values = values;
    private readonly SessionLifetime _lifetime = lifetime;
    // A malformed key (from a cookie) names nothing: it is dropped before any store sees it.
    private string? _sessionKey = lifecycle.Engine.IsWellFormedKey(sessionKey) ? sessionKey : null;

    public string? Key => _sessionKey;

    // get_expiry_date() at save time: the date the store keeps the session until.
    private DateTimeOffset ExpiryDate => _lifetime.ExpiryDate(_values.Data, null);

    /// <summary>Loads the data once (Django's lazy <c>_get_session</c>). An unknown or expired key is dropped, never adopted.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        _values.Accessed = true;
        if (_values.IsLoaded)
        {
            return;
        }
        if (_sessionKey is null)
        {
            _values.Loaded = [];
            return;
        }
        // The version before the read: a write that lands after it makes this request's save merge (Concurrency/).
        _values.Changes.LoadedVersion = _lifecycle.Locks.VersionOf(_sessionKey);
        var loaded = await _lifecycle.LoadForSessionAsync(_sessionKey, cancellationToken);
        if (_lifecycle.ComparesAndSwaps)
        {
            _values.Changes.LoadedStoredVersion = loaded?.Version;
        }
        var data = loaded?.Data;
        var shared = loaded?.Shared == true;
        if (data is not null && shared && _lifetime.StampsOnLoad(data))
        {
            // The absolute clock starts on this load (CheckAbsolute writes it): into this session's own copy.
            data = data.DeepClone().AsObject();
            shared = false;
        }
        switch (data is null ? SessionLifetime.AbsoluteState.Live : _lifetime.CheckAbsolute(data))
        {
            case SessionLifetime.AbsoluteState.Started:
                _values.Modified = true;
                break;
            case SessionLifetime.AbsoluteState.Expired:
                // Past the absolute deadline: deleted from the store and loaded as nothing, as an expired session is.
                await EndAsync(_sessionKey, SessionEndReason.Expired, cancellationToken);
                data = null;
                break;
        }
        if (data is null)
        {
            _sessionKey = null;
            _values.Loaded = [];
            return;
        }
        _values.SetLoaded(data, shared);
    }

    /// <summary><c>save(must_create)</c>: writes the data under the current key, creating a key when there is none.</summary>
    public async Task SaveAsync(bool mustCreate = false, CancellationToken cancellationToken = default)
    {
        if (_sessionKey is null)
        {
            await CreateAsync(cancellationToken);
            return;
        }
        if (!mustCreate)
        {
            await LoadAsync(cancellationToken);
            if (_sessionKey is null)
            {
                // Loading dropped a key the store doesn't know (expired, purged, deleted elsewhere). Django's save()
                // ends in UpdateError here; the engine must never be asked to write under no key.
                throw new SessionUpdateException("The session was deleted before it could be saved.");
            }
        }
        _values.Loaded ??= [];
        if (mustCreate)
        {
            _sessionKey = await _lifecycle.SaveAsync(_sessionKey, _values.Loaded, ExpiryDate, mustCreate: true, cancellationToken);
            ForgetChanges();
            return;
        }
        using (var held = await _lifecycle.Locks.AcquireAsync(_sessionKey, cancellationToken))
        {
            if (_values.Changes.LoadedStoredVersion is { } storedVersion && _values.Changes.CanMerge)
            {
                // Another process's writer is invisible to the locks: the store itself decides (compare and swap).
                var saved = await SwapAsync(_sessionKey, storedVersion, cancellationToken);
                held.Bump();
                ForgetChanges(saved);
                return;
            }
            if (_lifecycle.Locks.WrittenSince(_sessionKey, _values.Changes.LoadedVersion) && _values.Changes.CanMerge)
            {
                // Another request saved this session since it was loaded here: apply this request's changes onto what
                // it stored. Gone meanwhile (logged out) is Django's UpdateError: never resurrected.
                var current = await _lifecycle.LoadAsync(_sessionKey, cancellationToken)
                    ?? throw new SessionUpdateException("The session was deleted before it could be saved.");
                _values.Loaded = _values.Changes.MergeInto(current, _values.Loaded);
            }
            _sessionKey = await _lifecycle.SaveAsync(_sessionKey, _values.Loaded, ExpiryDate, mustCreate: false, cancellationToken);
            held.Bump();
            // Still under the lock: a write by another request right after it releases must not become this one's baseline.
            ForgetChanges();
        }
    }

    /// <summary>
    /// Saves this request's changes only over the data they were made to: when the store holds something else (a
    /// request on this or another node saved meanwhile), reloads, merges key by key (a key both changed is a 409) and
    /// tries again, a bounded number of times. Gone meanwhile is UpdateError, as everywhere: never resurrected.
    /// </summary>
    private async Task<string> SwapAsync(string sessionKey, string storedVersion, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await _lifecycle.SaveIfUnchangedAsync(sessionKey, _values.Loaded!, ExpiryDate, storedVersion, cancellationToken) is { } saved)
            {
                return saved;
            }
            if (attempt == MaxSwapAttempts)
            {
                // Writers keep landing between this request's reload and its write: answer 409, as for a conflict.
                throw new SessionConflictException(_values.Changes.FirstChangedKey);
            }
            if (attempt >= 2)
            {
                await Task.Delay(Random.Shared.Next(1, 1 + Math.Min(50, 2 << attempt)), cancellationToken);
            }
            var current = await _lifecycle.LoadVersionedAsync(sessionKey, cancellationToken)
                ?? throw new SessionUpdateException("The session was deleted before it could be saved.");
            _values.Loaded = _values.Changes.MergeInto(current.Data, _values.Loaded!);
            storedVersion = current.Version;
        }
    }

    /// <summary><c>create()</c>: a fresh key, retried until the store accepts it as new.</summary>
    public async Task CreateAsync(CancellationToken cancellationToken = default)
    {
        var previousKey = _sessionKey;
        _lifetime.StampCreation(_values.Loaded ??= []);
        for (var attempt = 0; attempt < MaxCreateAttempts; attempt++)
        {
            _sessionKey = SessionKeys.Generate();
            try
            {
                await SaveAsync(mustCreate: true, cancellationToken);
                _values.Modified = true;
                return;
            }
            catch (SessionCreateException)
            {
                // Key collision: try another, as Django does.
            }
            catch
            {
                // Nothing was stored (store unavailable, session too large): the fresh key names nothing, so keeping it
                // would make the next save an UpdateError. Back to the key the session had before.
                _sessionKey = previousKey;
                throw;
            }
        }
        _sessionKey = null;
        throw new SessionCreateException($"No unused session key found after {MaxCreateAttempts} attempts.");
    }

    /// <summary><c>exists(key)</c>.</summary>
    public Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        _lifecycle.ExistsAsync(sessionKey, cancellationToken);

    /// <summary><c>delete(key=None)</c>: removes the given session, or this one.</summary>
    public Task DeleteAsync(string? sessionKey = null, CancellationToken cancellationToken = default) =>
        EndAsync(sessionKey ?? _sessionKey, SessionEndReason.Deleted, cancellationToken);

    // One path for every end (lock, engine, metrics, catalog, events): SessionLifecycle.EndAsync.
    private Task EndAsync(string? key, SessionEndReason reason, CancellationToken cancellationToken) =>
        key is null ? Task.CompletedTask : _lifecycle.EndAsync(key, reason, cancellationToken);

    /// <summary><c>flush()</c>: empties the data, deletes the stored session and drops the key (logout).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        _values.Clear();
        await DeleteAsync(cancellationToken: cancellationToken);
        _sessionKey = null;
    }

    /// <summary><c>cycle_key()</c>: the same data under a new key; the old key loads nothing afterwards (fixation defence).</summary>
    public async Task CycleKeyAsync(CancellationToken cancellationToken = default)
    {
        await LoadAsync(cancellationToken);
        JsonObject data = _values.Loaded!;
        var oldKey = _sessionKey;
        await CreateAsync(cancellationToken);
        _values.Loaded = data;
        // The browser gets the new key in this response: the old one was replaced, not logged out.
        await EndAsync(oldKey, SessionEndReason.Replaced, cancellationToken);
    }

    /// <summary><c>clear_expired()</c> on this session's engine (and the catalog); engines that can't list throw <see cref="NotSupportedException"/>.</summary>
    public async Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default) =>
        (await _lifecycle.ClearExpiredAsync(cancellationToken)).FromEngine
        ?? throw new NotSupportedException("This session engine can't list its expired sessions.");

    // After a save: this request has seen what it wrote (the stored form only when a swap wrote it: a plain save's
    // stored form is unknown, so a second save in the same request falls back to the per-process check).
    private void ForgetChanges(string? storedVersion = null) =>
        _values.Changes.Forget(_sessionKey is null ? 0 : _lifecycle.Locks.VersionOf(_sessionKey), storedVersion);
}
