using System.Diagnostics.Metrics;

namespace DjangoSessions.Metrics;

/// <summary>
/// The <c>DjangoSessions</c> meter: how many round trips the session framework makes to its store.
/// Django promises lazy sessions (no query for a request that never touches <c>request.session</c>, one read for a
/// request that only reads); these counters make that promise measurable (benchmarks, tests, dotnet-counters).
/// Counters cost next to nothing while nobody listens.
/// </summary>
internal sealed class SessionStoreMetrics
{
    public const string MeterName = "DjangoSessions";
    public const string ReadsName = "blazorsessiondemo.sessions.store.reads";
    public const string WritesName = "blazorsessiondemo.sessions.store.writes";
    public const string DeletesName = "blazorsessiondemo.sessions.store.deletes";

    public SessionStoreMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        Reads = meter.CreateCounter<long>(ReadsName, "{operation}", "Session store reads (load and exists).");
        Writes = meter.CreateCounter<long>(WritesName, "{operation}", "Session store writes (create and update).");
        Deletes = meter.CreateCounter<long>(DeletesName, "{operation}", "Session store deletes (one session; not clear_expired).");
    }

    public Counter<long> Reads { get; }
    public Counter<long> Writes { get; }
    public Counter<long> Deletes { get; }
}
