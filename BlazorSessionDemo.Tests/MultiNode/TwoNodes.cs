using System.Collections.Concurrent;
using BlazorSessionDemo.Tests.Engines.Redis;
using DjangoSessions.Catalog;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// Two instances of the app in this process, as two nodes behind a load balancer: one redis-server of their own (with
/// expiry notifications on), one SQLite database and one data protection key ring, the same secret. Each node has its
/// own event bus and its own Redis connections, exactly as two processes would.
/// </summary>
public class TwoNodes : IAsyncLifetime
{
    public RedisServerProcess Redis { get; private set; } = null!;
    public AppFactory A { get; private set; } = null!;
    public AppFactory B { get; private set; } = null!;
    public string Prefix { get; } = "nodes-" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        Redis = await RedisServerProcess.StartNewAsync(false, "--notify-keyspace-events", "Ex");
        var a = Settings();
        Configure(a);
        A = new AppFactory(a);
        var b = Settings();
        Configure(b);
        b["ConnectionStrings:Default"] = A.Database.ConnectionString;
        b["DataProtection:KeysFolder"] = Path.Combine(A.Database.Folder, "dataprotection-keys");
        B = new AppFactory(b);
        // Start both hosts (and their relays), A first so B finds the database migrated and seeded.
        _ = A.Services;
        _ = B.Services;
        await ConnectedAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Redis.DisposeAsync();
    }

    /// <summary>Settings both nodes add to the shared ones (a variant of the pair).</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Session:Engine"] = SessionEngineNames.Redis,
        ["Session:Redis:Host"] = Redis.Host,
        ["Session:Redis:Port"] = Redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Session:Redis:Prefix"] = Prefix,
        // Expiry is announced by Redis's own notification in these tests, not by the catalog's sweep.
        ["Session:ExpirySweepInterval"] = "01:00:00",
        // The re-check after a reconnect is what the gap test proves, not the periodic one.
        ["Session:EventResyncInterval"] = "01:00:00",
    };

    public static ISessionEventBus Bus(AppFactory node) => node.Services.GetRequiredService<ISessionEventBus>();

    /// <summary>Every event <paramref name="node"/>'s subscribers hear from now on, in order.</summary>
    public static EventLog Listen(AppFactory node) => new(Bus(node));

    /// <summary>Waits (bounded) until each node's subscription is live: a probe from each is heard by the other.</summary>
    public Task ConnectedAsync() => ConnectedAsync(A, B);

    /// <summary>Waits (bounded) until each node hears a probe event published on the other, whatever the transport.</summary>
    public static async Task ConnectedAsync(AppFactory a, AppFactory b)
    {
        foreach (var (from, to) in new[] { (a, b), (b, a) })
        {
            using var log = Listen(to);
            var probe = SessionFingerprint.Of(Guid.NewGuid().ToString("N"));
            await Eventually.WaitUntilAsync("the other node hears a probe event", async () =>
            {
                Bus(from).Publish(new SessionEvent(SessionEventKind.Activity, probe, null));
                await Task.Delay(50);
                return log.Any(e => e.Fingerprint == probe);
            });
        }
    }

    public sealed class EventLog : IDisposable
    {
        private readonly ConcurrentQueue<SessionEvent> _events = new();
        private readonly IDisposable _subscription;

        public EventLog(ISessionEventBus bus) => _subscription = bus.Subscribe(_events.Enqueue);

        public bool Any(Func<SessionEvent, bool> match) => _events.Any(match);

        public int Count(Func<SessionEvent, bool> match) => _events.Count(match);

        public Task WaitForAsync(string what, Func<SessionEvent, bool> match) =>
            Eventually.WaitUntilAsync(what, () => Task.FromResult(_events.Any(match)));

        public override string ToString() => string.Join(", ", _events.Select(e => $"{e.Kind} {e.Fingerprint} {e.UserId} {e.Reason}"));

        public void Dispose() => _subscription.Dispose();
    }
}
