using DjangoSessions;

namespace BlazorSessionDemo.Exchanges;

/// <summary>
/// What the server did with the store in one exchange, said from what was observed: the key before and after, and
/// whether the response set or deleted the session cookie (SessionMiddleware sets it only after a successful save, and
/// deletes it when the session was emptied: Django's <c>process_response</c>).
/// </summary>
public static class StoreOperation
{
    public static string Describe(string engine, string? keyBefore, string? keyAfter, bool cookieSet, bool cookieDeleted)
    {
        if (engine == SessionEngineNames.SignedCookies)
        {
            return cookieSet ? "no store: the signed data itself is the new cookie"
                : cookieDeleted ? "no store: the cookie is deleted (and its signature revoked)"
                : "no store: the data was read from the cookie; nothing to write";
        }
        var record = engine switch
        {
            SessionEngineNames.Db => "django_session row",
            SessionEngineNames.CachedDb => "django_session row and cache entry",
            SessionEngineNames.Cache => "cache entry",
            SessionEngineNames.File => "session file",
            SessionEngineNames.Redis => "Redis key",
            _ => "record",
        };
        if (keyBefore is not null && keyAfter is null)
        {
            return $"delete the {record} (flush: the key is gone)";
        }
        if (keyBefore is not null && keyAfter is not null && keyBefore != keyAfter)
        {
            return $"copy the data to a {record} under a new key, delete the old one (cycle_key)";
        }
        if (cookieSet)
        {
            return keyBefore is null ? $"create a {record} under a new key" : $"save (update) the {record}";
        }
        return keyBefore is null ? "nothing: no cookie, so nothing to load and nothing to save"
            : $"load the {record}; nothing changed, so nothing is saved";
    }
}
