using System.Diagnostics.Metrics;
using BlazorSessionDemo.Sessions.Metrics;

namespace BlazorSessionDemo.Tests.Metrics;

/// <summary>
/// Listens to the session store counters of one app (its own <see cref="IMeterFactory"/>, so other test apps running in
/// parallel are not counted) and keeps the totals since the last <see cref="Reset"/>.
/// </summary>
internal sealed class StoreOperationCounts : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _reads;
    private long _writes;
    private long _deletes;

    public StoreOperationCounts(IMeterFactory meterFactory)
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

    /// <summary>(reads, writes, deletes) since the last reset.</summary>
    public (long Reads, long Writes, long Deletes) Totals =>
        (Interlocked.Read(ref _reads), Interlocked.Read(ref _writes), Interlocked.Read(ref _deletes));

    public void Reset()
    {
        Interlocked.Exchange(ref _reads, 0);
        Interlocked.Exchange(ref _writes, 0);
        Interlocked.Exchange(ref _deletes, 0);
    }

    public void Dispose() => _listener.Dispose();
}
