using System.Threading.Channels;

namespace DjangoSessions.Catalog;

/// <summary>
/// A database transport's outgoing messages: <see cref="ISessionEventTransport.Send"/> runs inside a request's save and
/// must not wait for a round trip, so it only queues; one loop per node writes what is queued, in batches. What can't
/// be written (the store is down, or 10,000 messages wait) is lost, which the other nodes' periodic re-check covers.
/// </summary>
internal sealed class SessionEventSendQueue
{
    private const int Capacity = 10_000;
    private const int BatchSize = 100;

    private readonly Channel<SessionEventMessage> _queue = Channel.CreateBounded<SessionEventMessage>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Queues <paramref name="message"/>; false when the queue is full (the message is lost).</summary>
    public bool TryEnqueue(SessionEventMessage message) => _queue.Writer.TryWrite(message);

    /// <summary>
    /// Hands what is queued to <paramref name="write"/>, up to 100 at a time, until <paramref name="stoppingToken"/>;
    /// a batch that fails goes to <paramref name="failed"/> and is dropped.
    /// </summary>
    public async Task RunAsync(Func<IReadOnlyList<SessionEventMessage>, CancellationToken, Task> write, Action<Exception> failed,
        CancellationToken stoppingToken)
    {
        var batch = new List<SessionEventMessage>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var message))
                {
                    batch.Add(message);
                }
                try
                {
                    await write(batch, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    failed(ex);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }
}
