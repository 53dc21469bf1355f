using System.Diagnostics.Metrics;
using DjangoSessions.Metrics;

namespace BenchHost;

/// <summary>
/// Running totals of this app's session store counters, for the benchmark harness (bench/run.sh), which reads them
/// before and after a load run and divides the difference by the requests the load generator completed.
/// Listens only to the meter created by the app's own <see cref="IMeterFactory"/>.
/// </summary>
public sealed class BenchCounters : IDisposable
{
    private readonly SessionStoreTotals _store;

    public BenchCounters(IMeterFactory meterFactory) => _store = new SessionStoreTotals(meterFactory);

    /// <summary>
    /// The totals now. Allocations are process-wide (<see cref="GC.GetTotalAllocatedBytes"/>): a request's async
    /// continuations hop threads, so a per-thread counter would miss most of them; over a run of thousands of requests
    /// the process-wide difference divided by the request count is an honest per-request figure (it includes Kestrel
    /// and everything else the request needs, which is what a request costs).
    /// </summary>
    public object Snapshot()
    {
        var (reads, writes, deletes) = _store.Totals;
        return new
        {
            reads,
            writes,
            deletes,
            allocated_bytes = GC.GetTotalAllocatedBytes(precise: false),
            gen0_collections = GC.CollectionCount(0),
            gen1_collections = GC.CollectionCount(1),
            gen2_collections = GC.CollectionCount(2),
            working_set_bytes = Environment.WorkingSet,
        };
    }

    public void Dispose() => _store.Dispose();
}
