namespace BlazorSessionDemo.Components.Pages.Admin;

/// <summary>
/// Turns a burst of session events into one refresh: the first event schedules a refresh shortly after, later ones
/// ride along. A page re-reads one page of the catalog per burst instead of per event, and never polls.
/// </summary>
internal sealed class LiveRefresh(Func<Task> refresh, TimeSpan delay) : IDisposable
{
    private readonly CancellationTokenSource _stopped = new();
    private int _scheduled;

    public void Poke()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.Delay(delay, _stopped.Token);
            Volatile.Write(ref _scheduled, 0);
            await refresh();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The page went away meanwhile.
        }
    }

    public void Dispose()
    {
        _stopped.Cancel();
        _stopped.Dispose();
    }
}
