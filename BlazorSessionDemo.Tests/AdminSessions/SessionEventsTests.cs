using DjangoSessions.Catalog;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>The in-process event stream: per-session subscribers hear only their session, and a failing handler stops nobody.</summary>
public sealed class SessionEventsTests
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ISessionEventBus _events;

    public SessionEventsTests() => _events = new InProcessSessionEventBus(new LoggerFactory([_logs]).CreateLogger<InProcessSessionEventBus>());

    [Fact]
    public void SessionSubscriber_HearsOnlyItsSession_AllSubscriber_HearsEverything()
    {
        var own = new List<SessionEvent>();
        var all = new List<SessionEvent>();
        using var ownSubscription = _events.SubscribeToSession("aaaaaaaaaaaa", own.Add);
        using var allSubscription = _events.Subscribe(all.Add);

        _events.Publish(new SessionEvent(SessionEventKind.Created, "bbbbbbbbbbbb", null));
        _events.Publish(new SessionEvent(SessionEventKind.Ended, "aaaaaaaaaaaa", "1", SessionEndReason.Revoked));

        Assert.Equal("aaaaaaaaaaaa", Assert.Single(own).Fingerprint);
        Assert.Equal(2, all.Count);
    }

    [Fact]
    public void DisposedSubscription_HearsNothingMore()
    {
        var heard = new List<SessionEvent>();
        var subscription = _events.SubscribeToSession("aaaaaaaaaaaa", heard.Add);
        subscription.Dispose();
        subscription.Dispose();

        _events.Publish(new SessionEvent(SessionEventKind.Expired, "aaaaaaaaaaaa", null, SessionEndReason.Expired));

        Assert.Empty(heard);
    }

    [Fact]
    public void ThrowingHandler_IsLogged_AndTheOthersStillHear()
    {
        var heard = new List<SessionEvent>();
        using var failing = _events.Subscribe(_ => throw new InvalidOperationException("boom"));
        using var working = _events.Subscribe(heard.Add);

        _events.Publish(new SessionEvent(SessionEventKind.Activity, "cccccccccccc", null));

        Assert.Single(heard);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 1405 && e.Level == LogLevel.Warning);
    }
}
