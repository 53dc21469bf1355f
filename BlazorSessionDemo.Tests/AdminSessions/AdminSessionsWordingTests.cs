using DjangoSessions.Catalog;
using Bunit;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// <c>/admin/sessions</c> says things the way people do: the "remove expired" question says how many will go (counted
/// by the catalog when it is asked, as Django's admin says "Are you sure you want to delete 3 sessions?"), results
/// count in words ("1 session of alice ended"), and each time is relative with the exact UTC time on hover.
/// </summary>
public sealed class AdminSessionsWordingTests : IAsyncLifetime
{
    private readonly InteractiveSessionPages _pages = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    [Fact]
    public async Task RemoveExpired_TheQuestionSaysHowManyWillGo()
    {
        var (_, adminKey) = await _pages.LogInAsync("admin", "admin-password");
        var catalog = _pages.App.Services.GetRequiredService<ISessionCatalog>();
        var now = _pages.App.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            // Entries past their expiry, as a store's sweep would leave them until clearsessions runs.
            await catalog.RecordSaveAsync(new SessionSaveRecord($"expired-{i}", $"expired-key-{i}", "db", null,
                now.AddMinutes(-1), Created: true, new SessionClientInfo("", "")));
        }
        var page = _pages.RenderAdminPage(adminKey);
        _pages.RowOf(page, adminKey);

        await page.Find("#clear-expired").ClickAsync(new());

        Assert.Equal("Remove 3 expired sessions (clearsessions)? Any others the engine holds past their expiry go too.",
            page.Find("#confirm-question").TextContent);
        await page.Find("#confirm-yes").ClickAsync(new());
        page.WaitForAssertion(() => Assert.EndsWith("and 3 from the list.", page.Find("#admin-status").TextContent), InteractiveSessionPages.Patience);

        await page.Find("#clear-expired").ClickAsync(new());
        Assert.StartsWith("No listed session has expired.", page.Find("#confirm-question").TextContent);
    }

    [Fact]
    public async Task Times_AreRelative_WithTheExactUtcTimeOnHover_AndTheOwnSessionHasTheBadge()
    {
        var (_, adminKey) = await _pages.LogInAsync("admin", "admin-password");
        var entry = await LiveSessions.EntryOfAsync(_pages.App, adminKey);
        var page = _pages.RenderAdminPage(adminKey);

        var row = _pages.RowOf(page, adminKey);

        var activity = row.QuerySelector("td.col-activity time")!;
        Assert.Equal("just now", activity.TextContent);
        Assert.Equal($"{entry.LastActivity.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", activity.GetAttribute("title"));
        Assert.Matches("^in 1[34] days$", row.QuerySelector("td.col-expires time")!.TextContent);
        Assert.Equal("This browser", row.QuerySelector(".this-session")!.TextContent);
        Assert.NotNull(row.QuerySelector("td.col-device svg.device-icon[aria-hidden='true']"));
    }
}
