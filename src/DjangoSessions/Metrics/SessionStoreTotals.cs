using System.Diagnostics.Metrics;

namespace DjangoSessions.Metrics;

/// <summary>
/// Running totals of one app's session store counters (<see cref="SessionStoreMetrics"/>), since creation or the last
/// <see cref="Reset"/>. Listens only to the meter made by the given <see cref="IMeterFactory"/>, so other apps in the
/// same process (tests running in parallel) are not counted.
/// </summary>
public sealed class SessionStoreTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _reads;
    private long _writes;
    private long _deletes;

    /// <summary>Starts counting the store operations of the meter made by <paramref name="meterFactory"/>.</summary>
    public SessionStoreTotals(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SessionStoreMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case SessionStoreMetrics.ReadsName: Interlocked.Add(ref _reads, value); break;
                case SessionStoreMetrics.WritesName: Interlocked.Add(ref _writes, value); break;
                case SessionStoreMetrics.DeletesName: Interlocked.Add(ref _deletes, value); break;
            }
        });
        _listener.Start();
    }

    /// <summary>(reads, writes, deletes) so far.</summary>
    public (long Reads, long Writes, long Deletes) Totals =>
        (Interlocked.Read(ref _reads), Interlocked.Read(ref _writes), Interlocked.Read(ref _deletes));

    /// <summary>Sets the totals back to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _reads, 0);
        Interlocked.Exchange(ref _writes, 0);
        Interlocked.Exchange(ref _deletes, 0);
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();
}
