
namespace BlazorSessionDemo.Tests.Middleware;

/// <summary>The optional background clearsessions job.</summary>
public sealed class CleanupServiceTests
{
    [Fact]
    public async Task CleanupInterval_RemovesExpiredSessions_WhenTheIntervalElapses()
    {
        await using var host = await SessionTestHost.StartAsync(new() { ["Session:CleanupInterval"] = "00:10:00" });
        var expiring = await host.CreateSessionAsync();
        await host.SendAsync(HttpMethod.Post, "/expiry?seconds=60", expiring);
        var lasting = await host.CreateSessionAsync();

        // The job's timer starts on the thread pool after the host does: on a loaded machine it may not be on the fake
        // clock yet, so each wait advances another interval (the lasting session has two weeks).
        await WaitUntilAsync(async () =>
        {
            host.Time.Advance(TimeSpan.FromMinutes(10));
            return !await host.Database.RowExistsAsync(expiring);
        });
        Assert.True(await host.Database.RowExistsAsync(lasting));
    }

    [Fact]
    public async Task NoCleanupInterval_LeavesExpiredRowsForClearSessions()
    {
        await using var host = await SessionTestHost.StartAsync();
        var expiring = await host.CreateSessionAsync();
        await host.SendAsync(HttpMethod.Post, "/expiry?seconds=60", expiring);

        host.Time.Advance(TimeSpan.FromDays(1));
        await Task.Delay(200);

        Assert.True(await host.Database.RowExistsAsync(expiring));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // Waits for the background job, bounded; a job that never runs fails the test instead of hanging it.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail("The background cleanup did not remove the expired session.");
    }
}
