using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using DjangoSessions;

namespace Micro;

/// <summary>
/// Each engine's load and save (update) of a login session (160 bytes of JSON, and 1 KB), as the middleware calls
/// them: db on a temp SQLite file, file in a temp folder, cache in memory, redis on the bench redis-server,
/// signed_cookies in the cookie.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private MicroHost _host = null!;
    private ISessionEngine _engine = null!;
    private JsonObject _data = null!;
    private string _key = null!;
    private DateTimeOffset _expires;

    [ParamsSource(nameof(Engines))]
    public string Engine { get; set; } = "";

    /// <summary>About a login's session (user id, name, auth hash) and a session carrying a little more.</summary>
    [Params(160, 1024)]
    public int Bytes { get; set; }

    public static IEnumerable<string> Engines()
    {
        string[] local = [SessionEngineNames.Db, SessionEngineNames.Cache, SessionEngineNames.CachedDb, SessionEngineNames.File,
            SessionEngineNames.SignedCookies];
        return MicroHost.RedisPort is null ? local : [.. local, SessionEngineNames.Redis];
    }

    [GlobalSetup]
    public void Setup()
    {
        _host = MicroHost.Start();
        _engine = _host.Engine(Engine);
        _data = SessionPayload.OfSize(Bytes);
        _expires = DateTimeOffset.UtcNow.AddHours(1);
        _key = _engine.SaveAsync(SessionKeys.Generate(), _data, _expires, mustCreate: true).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark]
    public Task<JsonObject?> Load() => _engine.LoadAsync(_key);

    [Benchmark]
    public Task<string> Save() => _engine.SaveAsync(_key, _data, _expires, mustCreate: false);
}
