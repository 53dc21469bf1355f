using System.Diagnostics.Metrics;
using BlazorSessionDemo.Sessions.Metrics;

namespace BlazorSessionDemo.Api;

/// <summary>
/// Running totals of this app's session store counters, for the benchmark harness (bench/run.sh), which reads them
/// before and after a load run and divides the difference by the requests the load generator completed.
/// Listens only to the meter created by this app's own <see cref="IMeterFactory"/>.
/// </summary>
public sealed class BenchCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _reads;
    private long _writes;
    private long _deletes;

    public BenchCounters(IMeterFactory meterFactory)
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

    /// <summary>
    /// The totals now. Allocations are process-wide (<see cref="GC.GetTotalAllocatedBytes"/>): a request's async
    /// continuations hop threads, so a per-thread counter would miss most of them; over a run of thousands of requests
    /// the process-wide difference divided by the request count is an honest per-request figure (it includes Kestrel
    /// and everything else the request needs, which is what a request costs).
    /// </summary>
    public object Snapshot() => new
    {
        reads = Interlocked.Read(ref _reads),
        writes = Interlocked.Read(ref _writes),
        deletes = Interlocked.Read(ref _deletes),
        allocated_bytes = GC.GetTotalAllocatedBytes(precise: false),
        gen0_collections = GC.CollectionCount(0),
        gen1_collections = GC.CollectionCount(1),
        gen2_collections = GC.CollectionCount(2),
        working_set_bytes = Environment.WorkingSet,
    };

    public void Dispose() => _listener.Dispose();
}
