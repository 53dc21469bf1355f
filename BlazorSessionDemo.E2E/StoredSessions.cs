using DjangoSessions;
using StackExchange.Redis;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// Looks behind the app's back into the store of the engine it runs on, to see whether a session key is stored:
/// the <c>django_session</c> row (db, cached_db), the file <c>sessionid&lt;key&gt;</c> (file), the key
/// <c>&lt;prefix&gt;:&lt;key&gt;</c> (redis). The cache engine's store is in the app's memory and signed_cookies stores
/// nothing server-side but its revocation ledger, so those have nothing to look at.
/// </summary>
public static class StoredSessions
{
    public static bool HasInspectableStore(string engine) =>
        engine is SessionEngineNames.Db or SessionEngineNames.CachedDb or SessionEngineNames.File or SessionEngineNames.Redis;

    public static async Task<bool> ExistsAsync(string engine, EngineAppServer app, RedisAddress? redis, string sessionKey)
    {
        switch (engine)
        {
            case SessionEngineNames.Db or SessionEngineNames.CachedDb:
                return await SessionRows.ExistsAsync(app.ConnectionString, sessionKey);
            case SessionEngineNames.File:
                // Django's file backend: SESSION_COOKIE_NAME + key, directly in SESSION_FILE_PATH.
                return File.Exists(Path.Combine(app.FileFolder!, "sessionid" + sessionKey));
            case SessionEngineNames.Redis:
                var options = new ConfigurationOptions { AbortOnConnectFail = true };
                options.EndPoints.Add(redis!.Host, redis.Port);
                await using (var connection = await ConnectionMultiplexer.ConnectAsync(options))
                {
                    return await connection.GetDatabase().KeyExistsAsync($"{app.RedisPrefix}:{sessionKey}");
                }
            default:
                throw new ArgumentException($"The {engine} engine has no store a test can look into.", nameof(engine));
        }
    }
}
