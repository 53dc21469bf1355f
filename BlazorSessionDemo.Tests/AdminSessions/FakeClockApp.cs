using DjangoSessions.Catalog;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// The app on a fake clock, for tests of the catalog's timing. The background sweep runs on that clock too; a day's
/// interval keeps it out of the tests, which sweep by hand (<see cref="Sweeper"/>).
/// </summary>
public sealed class FakeClockApp : IAsyncDisposable
{
    public FakeClockApp(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []) { ["Session:ExpirySweepInterval"] = "1.00:00:00" };
        Factory = new AppFactory(all);
        App = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Time)));
    }

    /// <summary>Near the real now (the client's cookie jar checks cookie expiry on the real clock), in whole seconds (stored in µs).</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public AppFactory Factory { get; }

    public WebApplicationFactory<Program> App { get; }

    internal SessionExpiryWatcher Sweeper => App.Services.GetRequiredService<SessionExpiryWatcher>();

    public HttpClient NewClient() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Factory.DisposeAsync();
    }
}
