using Microsoft.Playwright;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// One Playwright driver and one headless Debian Chromium for the whole run; each test opens its own
/// <see cref="IBrowserContext"/> (a clean cookie jar). Playwright's own browser download is never used.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    // Debian's package (apt-get install chromium). A missing browser fails every test instead of skipping it.
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}; install it with 'apt-get install -y chromium'.");
        }
        // Playwright's 5 s default for an expectation is short for a circuit or an event on a loaded two-core machine
        // (a CI run failed once without a trace); a page that never gets there still fails, only later.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
    }
}
