using BlazorSessionDemo.Tests.Contract;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// cached_db on two nodes, each with its own in-process cache (as two processes have) over one SQLite file, and no
/// events between them: the caches go stale, and the db's compare-and-swap alone keeps every key (a stale cached
/// version misses, the entry is dropped, the retry reloads the row). Events only make the stale window shorter.
/// </summary>
public sealed class CachedDbSplitWritesTests : SplitWritesContractTests
{
    private readonly ContractSqliteFile _file = new("split-writes-cached-db");
    private readonly DjangoSessionSettings _settings = new();
    private readonly List<MemoryDistributedCache> _caches = [];

    protected override Task InitializeStoreAsync() => _file.CreateTablesAsync();

    protected override ISessionEngine CreateNode(SessionDataCodec codec)
    {
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        _caches.Add(cache);
        return new CachedDbSessionEngine<FrameworkDbContext>(cache,
            new DbSessionEngine<FrameworkDbContext>(_file.NewContexts(), codec, TimeProvider.System, Options.Create(_settings)),
            codec, TimeProvider.System, NullLogger<CachedDbSessionEngine<FrameworkDbContext>>.Instance);
    }

    // No events between these nodes: B's cache may still hold a copy from before the writes.
    protected override ISessionEngine StoreOfRecord() => CreateNode(Codec());

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}
