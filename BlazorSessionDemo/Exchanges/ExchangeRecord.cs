namespace BlazorSessionDemo.Exchanges;

/// <summary>How one key of the session's data changed in an exchange.</summary>
public enum DataChangeKind
{
    Added,
    Changed,
    Removed,
}

/// <summary>One key of the decoded session data that an exchange added, changed or removed, with its values as shown.</summary>
public sealed record SessionDataChange(string Key, DataChangeKind Kind, string? Before, string? After);

/// <summary>
/// One form POST and what it did to the session, as the next page shows it ("what just happened"): the cookie the
/// browser sent, the store operation, the response's status, redirect and session <c>Set-Cookie</c> line(s), the session
/// key before and after, and the keys of the decoded data that changed. Every text is already cut for display and
/// cleared of secrets (<see cref="SessionDataDiff"/>, <see cref="ShownText"/>): this is what travels in the one-time
/// cookie, never a full key of signed_cookies or a password hash.
/// </summary>
public sealed record ExchangeRecord(
    string Action,
    string Method,
    string Path,
    string? CookieSent,
    string? KeyBefore,
    string? KeyAfter,
    bool KeyChanged,
    string StoreOperation,
    int Status,
    string? Location,
    IReadOnlyList<string> SetCookies,
    IReadOnlyList<SessionDataChange> Changes,
    int ChangesLeftOut);
