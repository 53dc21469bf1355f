using System.Diagnostics.Metrics;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Hashers;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// Counts the BCrypt verifications one app really runs, from the hasher's own metric (the real hasher, listened to
/// through a <see cref="MeterListener"/>; only the meter of this app's <see cref="IMeterFactory"/> is counted).
/// </summary>
public sealed class BcryptCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public BcryptCounter(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == DjangoPasswordHasher.MeterName
                && instrument.Name == DjangoPasswordHasher.VerificationsInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
