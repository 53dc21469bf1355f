using DjangoSessions.Catalog;
using DjangoSessions.EntityFrameworkCore;
using Bunit;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// <c>/admin/sessions</c> says things the way people do: the "remove expired" question says how many will go (counted
/// in the store when it is asked, as Django's admin says "Are you sure you want to delete 3 sessions?"), results
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
        var now = _pages.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await using (var db = _pages.App.Database.CreateContext())
        {
            // Rows past their expiry, as the db engine keeps them (as Django's does) until clearsessions runs.
            for (var i = 0; i < 3; i++)
            {
                db.DjangoSessions.Add(new DjangoSessionRow { SessionKey = SessionKeys.Generate(), SessionData = "e30:expired", ExpireDate = now.AddMinutes(-1 - i) });
            }
            await db.SaveChangesAsync();
        }
        var page = _pages.RenderAdminPage(adminKey);
        _pages.RowOf(page, adminKey);

        await page.Find("#clear-expired").ClickAsync(new());

        Assert.Equal("Remove 3 expired sessions from the store (clearsessions)?", page.Find("#confirm-question").TextContent);
        await page.Find("#confirm-yes").ClickAsync(new());
        page.WaitForAssertion(() => Assert.StartsWith("Removed 3 expired sessions from the engine", page.Find("#admin-status").TextContent), InteractiveSessionPages.Patience);

        await page.Find("#clear-expired").ClickAsync(new());
        Assert.Equal("No stored session has expired. Run clearsessions anyway?", page.Find("#confirm-question").TextContent);
        // The live session is not counted and not removed.
        Assert.True(await _pages.App.Database.RowExistsAsync(adminKey));
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
        Assert.Equal("in 14 days", row.QuerySelector("td.col-expires time")!.TextContent);
        Assert.Equal("This browser", row.QuerySelector(".this-session")!.TextContent);
        Assert.NotNull(row.QuerySelector("td.col-device svg.device-icon[aria-hidden='true']"));
    }

    [Fact]
    public async Task SortByUser_OrdersByName_AsRecordedFromTheSessionsUsername()
    {
        // Seeded in the order alice, bob, admin: by id the admin comes last, by name first.
        var (_, adminKey) = await _pages.LogInAsync("admin", "admin-password");
        await _pages.LogInAsync("bob", "bob-password");
        await _pages.LogInAsync("alice", "alice-password");
        var page = _pages.RenderAdminPage(adminKey);
        _pages.RowOf(page, adminKey);

        await page.Find("th.col-user button.col-title").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(["admin", "alice", "bob"],
            page.FindAll("tr.session-row span.user").Select(u => u.TextContent).Where(n => n != "anonymous")), InteractiveSessionPages.Patience);
        var names = (await LiveSessions.AllAsync(_pages.App)).Where(e => e.UserId is not null).Select(e => e.UserName).Order();
        Assert.Equal(["admin", "alice", "bob"], names);
    }
}
