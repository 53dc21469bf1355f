using BlazorSessionDemo.Tests.Engines.Cache;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The contract against <c>cache</c> (Django's <c>CacheSessionTests</c>) on the real in-process
/// <c>MemoryDistributedCache</c>, running on the test's clock. The store expires sessions itself, so clear_expired
/// has nothing to do, as Django's no-op <c>clear_expired</c>.
/// </summary>
public sealed class CacheSessionEngineContractTests : ServerSideSessionEngineContractTests
{
    private readonly IndexedMemoryCache _cache;

    public CacheSessionEngineContractTests()
    {
        _cache = new IndexedMemoryCache(Time);
    }

    protected override bool StoreExpiresSessionsItself => true;

    protected override Task InitializeStoreAsync() => Task.CompletedTask;

    protected override ISessionEngine CreateEngine(SessionDataCodec codec) => new CacheSessionEngine(_cache, codec, Time);

    protected override Task<int> CountStoredSessionsAsync() => _cache.CountAsync(CacheSessionEngine.KeyPrefix);

    protected override async Task<string> TamperStoredDataAsync(string sessionKey)
    {
        await _cache.TamperSessionDataAsync(CacheSessionEngine.KeyPrefix + sessionKey);
        return sessionKey;
    }
}
