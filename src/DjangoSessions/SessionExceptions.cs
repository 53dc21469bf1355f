namespace DjangoSessions;

/// <summary>Django's CreateError: <c>save(must_create=True)</c> found the key taken.</summary>
public sealed class SessionCreateException(string message) : Exception(message);

/// <summary>Django's UpdateError: the session was deleted (e.g. logged out elsewhere) before this save.</summary>
public sealed class SessionUpdateException(string message) : Exception(message);

/// <summary>A value assigned to the session that can't be stored as JSON (Django: "Object of type X is not JSON serializable").</summary>
public sealed class SessionValueNotSerializableException(string key, Type type, Exception inner)
    : Exception($"Session value for key '{key}' of type {type.FullName} is not JSON serializable: {inner.Message}", inner)
{
    /// <summary>The session key the value was assigned to.</summary>
    public string Key { get; } = key;
    /// <summary>The type of the value.</summary>
    public Type ValueType { get; } = type;
}

/// <summary>
/// The session store can't be reached (Redis down, database locked or full). Engines wrap their transport errors in
/// it; the middleware turns it into a 503 with a log line instead of a 500 or a silently new, empty session.
/// </summary>
public sealed class SessionStoreUnavailableException(string engine, Exception inner)
    : Exception($"The '{engine}' session store is unavailable: {inner.Message}", inner)
{
    /// <summary>The <c>Session:Engine</c> whose store failed.</summary>
    public string Engine { get; } = engine;
}

/// <summary>
/// A session too big for its cookie (signed_cookies): browsers silently drop a cookie whose <c>Set-Cookie</c> header is
/// over 4096 bytes (RFC 6265 §6.1), which would leave the user with the previous session. Django lets that happen; here
/// the save fails loudly instead.
/// </summary>
public sealed class SessionTooLargeException(int size, int limit)
    : Exception($"The session cookie would take {size} bytes in its Set-Cookie header, over the browser limit of {limit} bytes. " +
        "Store less in the session, or use a server-side session engine.")
{
    /// <summary>The bytes the <c>Set-Cookie</c> header would have taken.</summary>
    public int Size { get; } = size;
    /// <summary>The browser limit in bytes.</summary>
    public int Limit { get; } = limit;
}

/// <summary>
/// Another request changed the same session key concurrently, starting from the same value: saving would silently
/// undo its change (a lost update), so nothing is saved. The middleware answers 409 Conflict; the client may retry.
/// </summary>
public sealed class SessionConflictException(string key)
    : Exception($"Session key '{key}' was changed by a concurrent request; this request's changes were not saved.")
{
    /// <summary>The session key (a dict key of the session, not the cookie) both requests changed.</summary>
    public string Key { get; } = key;
}
