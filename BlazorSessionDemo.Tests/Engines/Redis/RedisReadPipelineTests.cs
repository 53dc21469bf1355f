using System.Text.Json.Nodes;
using DjangoSessions.Redis;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// <c>Session:Redis:PipelineReads</c>: session reads begun together reach Redis together, and each request still gets
/// its own session, as single GETs would give it. On a redis-server of the test's own, so its counters see only this.
/// </summary>
public sealed class RedisReadPipelineTests : IAsyncLifetime
{
    private const string Secret = "redis-pipeline-tests-only-secret-0123456789-abcdef";
    private const int Requests = 200;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly DjangoSessionSettings _settings = new() { Secrets = { SecretKey = Secret } };
    private RedisServerProcess _server = null!;
    private ConnectionMultiplexer _admin = null!;

    public async Task InitializeAsync()
    {
        // Persistent: the outage test's session must outlive the restart, as it would a real one.
        _server = await RedisServerProcess.StartNewAsync(persistent: true);
        var options = new ConfigurationOptions { AbortOnConnectFail = true, AllowAdmin = true };
        options.EndPoints.Add(_server.Host, _server.Port);
        _admin = await ConnectionMultiplexer.ConnectAsync(options);
    }

    [Fact]
    public async Task ReadsBegunBeforeTheSendingsTurn_GoInOneBatch_EachAnsweredWithItsOwnValue()
    {
        await using var connection = new RedisSessionConnection(Options.Create(Settings(pipelineReads: true)));
        var database = await connection.GetDatabaseAsync();
        for (var i = 0; i < Requests; i++)
        {
            await _admin.GetDatabase().StringSetAsync($"k{i}", $"value {i}");
        }
        // The sending's turn in the thread pool, held by the test: the requests queued before it are these reads.
        var queued = new List<IThreadPoolWorkItem>();
        var pipeline = new RedisReadPipeline(schedule: queued.Add);
        var before = await ReadsProcessedAsync();

        var reads = Enumerable.Range(0, Requests).Select(i => pipeline.StringGetLeaseAsync(database, $"k{i}")).ToList();

        var sending = Assert.Single(queued);
        Assert.All(reads, read => Assert.False(read.IsCompleted));
        sending.Execute();
        var leases = await Eventually.Bounded(Task.WhenAll(reads));
        // One GET written on its own is one read on the server: here the lot took a few (and INFO one).
        Assert.InRange(await ReadsProcessedAsync() - before, 1, 5);
        for (var i = 0; i < Requests; i++)
        {
            using var lease = leases[i];
            Assert.Equal($"value {i}", System.Text.Encoding.UTF8.GetString(lease!.Span));
        }

        // The next read opens the next batch.
        var missing = pipeline.StringGetLeaseAsync(database, "no such key");
        Assert.Equal(2, queued.Count);
        queued[1].Execute();
        Assert.Null(await Eventually.Bounded(missing));

        // A batch goes to one database: a read of another one, while a batch is open, goes alone and at once.
        var first = pipeline.StringGetLeaseAsync(database, "k0");
        var otherDatabase = (await connection.GetMultiplexerAsync()).GetDatabase(1);
        Assert.Null(await Eventually.Bounded(pipeline.StringGetLeaseAsync(otherDatabase, "k0")));
        Assert.Equal(3, queued.Count);
        Assert.False(first.IsCompleted);
        queued[2].Execute();
        using (var lease = await Eventually.Bounded(first))
        {
            Assert.Equal("value 0", System.Text.Encoding.UTF8.GetString(lease!.Span));
        }
    }

    [Fact]
    public async Task ASendingTheQueueRefuses_LeavesNoBatchBehind_TheReadGoesAloneAndTheNextOpensABatch()
    {
        await using var connection = new RedisSessionConnection(Options.Create(Settings(pipelineReads: true)));
        var database = await connection.GetDatabaseAsync();
        await _admin.GetDatabase().StringSetAsync("refused", "value");
        var queued = new List<IThreadPoolWorkItem>();
        var refuse = true;
        var pipeline = new RedisReadPipeline(schedule: item =>
        {
            if (refuse)
            {
                throw new OutOfMemoryException("queue full");
            }
            queued.Add(item);
        });

        // Nothing queued to send it: the read goes alone, at once, instead of waiting on a batch that never goes.
        using (var lease = await Eventually.Bounded(pipeline.StringGetLeaseAsync(database, "refused")))
        {
            Assert.Equal("value", System.Text.Encoding.UTF8.GetString(lease!.Span));
        }
        Assert.Empty(queued);

        refuse = false;
        var next = pipeline.StringGetLeaseAsync(database, "refused");
        var sending = Assert.Single(queued);
        Assert.False(next.IsCompleted);
        sending.Execute();
        using (var lease = await Eventually.Bounded(next))
        {
            Assert.Equal("value", System.Text.Encoding.UTF8.GetString(lease!.Span));
        }
    }

    [Fact]
    public async Task TheEnginesConnection_HandsEveryRequestTheSameDatabase_SoTheirReadsShareABatch()
    {
        await using var connection = new RedisSessionConnection(Options.Create(Settings(pipelineReads: true)));

        Assert.Same(await connection.GetDatabaseAsync(), await connection.GetDatabaseAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConcurrentRequests_EachLoadItsOwnSession(bool pipelineReads)
    {
        await using var redis = new RedisEngineUnderTest(Secret, Settings(pipelineReads), _time);
        var keys = new List<string>();
        for (var i = 0; i < Requests; i++)
        {
            var session = new DjangoSession(redis.Engine, _settings, _time);
            await session.LoadAsync();
            session["n"] = i;
            await session.SaveAsync();
            keys.Add(session.SessionKey!);
        }

        var loaded = await Task.WhenAll(keys.Select(async key =>
        {
            await Task.Yield();
            var session = new DjangoSession(redis.Engine, _settings, _time, key);
            await session.LoadAsync();
            return (key, session.SessionKey, n: session.Get<int>("n"));
        }));

        Assert.Equal(Enumerable.Range(0, Requests), loaded.Select(l => l.n));
        Assert.All(loaded, l => Assert.Equal(l.key, l.SessionKey));
    }

    [Fact]
    public async Task RedisDown_EveryPipelinedReadIsStoreUnavailable_ThenReadsAgainAfterRestart()
    {
        await using var redis = new RedisEngineUnderTest(Secret, Settings(pipelineReads: true), _time);
        var session = new DjangoSession(redis.Engine, _settings, _time);
        await session.LoadAsync();
        session["user_id"] = 7;
        await session.SaveAsync();
        await _server.StopAsync();

        var failures = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Assert.ThrowsAsync<SessionStoreUnavailableException>(
            () => Eventually.Bounded(new DjangoSession(redis.Engine, _settings, _time, session.SessionKey).LoadAsync()))));

        Assert.All(failures, f => Assert.Equal("redis", f.Engine));
        await _server.StartAsync();
        await Eventually.WaitUntilAsync("the engine read Redis again after its restart", async () =>
        {
            try
            {
                return await redis.Engine.ExistsAsync(session.SessionKey!);
            }
            catch (SessionStoreUnavailableException)
            {
                return false;
            }
        });
        var reloaded = new DjangoSession(redis.Engine, _settings, _time, session.SessionKey);
        await reloaded.LoadAsync();
        Assert.Equal(session.SessionKey, reloaded.SessionKey);
        Assert.Equal(7, reloaded.Get<int>("user_id"));
    }

    private RedisSessionSettings Settings(bool pipelineReads) =>
        new() { Host = _server.Host, Port = _server.Port, Prefix = "pipeline", PipelineReads = pipelineReads };

    private async Task<long> ReadsProcessedAsync()
    {
        var stats = await _admin.GetServer(_server.Host, _server.Port).InfoAsync("stats");
        return long.Parse(stats.SelectMany(g => g).Single(p => p.Key == "total_reads_processed").Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _server.DisposeAsync();
    }
}
