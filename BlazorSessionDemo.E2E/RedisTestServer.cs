namespace BlazorSessionDemo.E2E;

public sealed record RedisAddress(string Host, int Port);

/// <summary>
/// The Redis server the redis engine's browser test uses (<see cref="RedisTestEndpoint"/>: ./test.sh's, else one of
/// its own), found or started on first use, so only the redis case pays for it and only the redis case fails when it
/// can't start. Stopped on dispose when it was this run's own.
/// </summary>
public sealed class RedisTestServer : IAsyncLifetime
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private RedisTestEndpoint? endpoint;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task<RedisAddress> GetAddressAsync()
    {
        await gate.WaitAsync();
        try
        {
            endpoint ??= await RedisTestEndpoint.FindOrStartAsync();
            return new RedisAddress(endpoint.Host, endpoint.Port);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (endpoint is not null)
        {
            await endpoint.DisposeAsync();
        }
        gate.Dispose();
    }
}
