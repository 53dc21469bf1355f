using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>
/// The whole app (<see cref="AppFactory"/>) with its clock frozen at a given moment, so expiry dates, Max-Age and
/// Expires are exact, and a cookie-keeping client that does not follow redirects. One per test.
/// </summary>
public sealed class FrozenClockApp : IAsyncDisposable
{
    public FrozenClockApp(DateTimeOffset now)
    {
        Time = new FakeTimeProvider(now);
        Site = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Time)));
        Client = Site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    /// <summary>The app as built, for its database and settings.</summary>
    public AppFactory App { get; } = new();

    public FakeTimeProvider Time { get; }

    /// <summary>The app on the frozen clock.</summary>
    public WebApplicationFactory<Program> Site { get; }

    public HttpClient Client { get; }

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        await App.DisposeAsync();
    }
}
