namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// Waits for something the Redis client does in the background (reconnecting after an outage). Bounded: after
/// <see cref="Limit"/> the test fails naming what never happened, instead of hanging. Not a timing assertion:
/// how fast it happens is never checked.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task WaitUntilAsync(string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"Waited {Limit.TotalSeconds} s, but never: {what}.");
    }

    /// <summary>Bounds one operation that must fail or succeed promptly: a hang fails the test with a TimeoutException.</summary>
    public static Task<T> Bounded<T>(Task<T> operation) => operation.WaitAsync(Limit);

    public static Task Bounded(Task operation) => operation.WaitAsync(Limit);
}
