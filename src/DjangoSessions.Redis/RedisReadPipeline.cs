using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>
/// Every request's session read, pipelined with the reads of the other requests running now
/// (<c>Session:Redis:PipelineReads</c>, on by default): the first GET opens a batch and queues its sending at the back
/// of the thread pool's queue, so the requests already waiting there add their GETs to it before it goes. Redis then
/// gets them in one write and answers them in one, instead of one system call on each side per request; ioredis's
/// <c>enableAutoPipelining</c> and node-redis do the same within an event-loop turn. A lone request waits only for
/// its own turn of the queue. A batch that can't be written fails each of its reads (503), as a single GET would.
/// </summary>
/// <param name="logger">For the batch that couldn't be sent.</param>
/// <param name="schedule">Where the sending is queued: the thread pool's global queue; a test's own to hold it back.</param>
internal sealed partial class RedisReadPipeline(ILogger<RedisReadPipeline>? logger = null, Action<IThreadPoolWorkItem>? schedule = null)
    : IThreadPoolWorkItem
{
    private readonly ILogger _logger = logger ?? NullLogger<RedisReadPipeline>.Instance;
    private readonly Action<IThreadPoolWorkItem> _schedule = schedule ?? (static item => ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false));
    private readonly Lock _gate = new();
    private IBatch? _open;

    /// <summary>A GET into a pooled buffer, sent with the other reads begun before this thread-pool turn ends.</summary>
    public Task<Lease<byte>?> StringGetLeaseAsync(IDatabase database, RedisKey key)
    {
        lock (_gate)
        {
            if (_open is null)
            {
                // The global queue, not this thread's own: the requests queued before the sending get to add theirs.
                // The batch is open only once its sending is queued (under the lock, so the sending waits for it): a
                // queue that refused it (out of memory) leaves no batch that never goes and reads waiting on it forever.
                var batch = database.CreateBatch();
                try
                {
                    _schedule(this);
                }
                catch (Exception ex)
                {
                    SendingNotQueued(_logger, ex.Message);
                    return database.StringGetLeaseAsync(key);
                }
                _open = batch;
            }
            else if (_open.Database != database.Database || !ReferenceEquals(_open.Multiplexer, database.Multiplexer))
            {
                // Another connection or database than the open batch's: a batch goes to one, so this read goes alone.
                return database.StringGetLeaseAsync(key);
            }
            return _open.StringGetLeaseAsync(key);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        IBatch batch;
        lock (_gate)
        {
            batch = _open!;
            _open = null;
        }
        try
        {
            batch.Execute();
        }
        catch (Exception ex)
        {
            // StackExchange.Redis has already failed every read of the batch (no server to send it to): each request
            // gets that as its own error. Nothing may escape a thread-pool work item.
            BatchNotSent(_logger, ex.Message);
        }
    }

    [LoggerMessage(EventId = 1132, Level = LogLevel.Warning, Message = "The sending of pipelined session reads could not be queued ({Reason}); this read goes alone.")]
    private static partial void SendingNotQueued(ILogger logger, string reason);

    [LoggerMessage(EventId = 1131, Level = LogLevel.Debug, Message = "A batch of pipelined session reads could not be sent to Redis ({Reason}); each of its requests gets the failure.")]
    private static partial void BatchNotSent(ILogger logger, string reason);
}
