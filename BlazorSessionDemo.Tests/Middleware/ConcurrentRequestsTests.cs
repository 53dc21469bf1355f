using System.Net;

namespace BlazorSessionDemo.Tests.Middleware;

/// <summary>
/// Concurrent HTTP requests on one session through the middleware (db engine): nothing is lost. Different keys all
/// survive; the same key changed concurrently from the same value is refused with 409 rather than silently lost.
/// (The engine contract suite runs the same races on every server-side engine.)
/// </summary>
public sealed class ConcurrentRequestsTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FiftyConcurrentRequests_EachSettingTheirOwnKey_AllFiftyKeysAreStored()
    {
        var key = await NewSessionAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            _host.SendAsync(HttpMethod.Post, $"/set?name=k{i}&value=v{i}", key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var i in Enumerable.Range(0, 50))
        {
            Assert.Equal($"\"v{i}\"", await GetAsync(key, $"k{i}"));
        }
    }

    [Fact]
    public async Task HundredConcurrentIncrements_CounterEqualsThe200s_TheRestAre409()
    {
        var key = await NewSessionAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            _host.SendAsync(HttpMethod.Post, "/increment", key)));

        var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.InRange(ok, 1, 100);
        Assert.Equal(ok.ToString(System.Globalization.CultureInfo.InvariantCulture), await GetAsync(key, "n"));
        // A refused save stored nothing: no cookie refreshed for it, and one log line each naming the key changed.
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.Null(SetCookie.Find(r.Headers, "sessionid")));
        var conflicts = _host.Logs.Entries.Where(e => e.EventId.Id == 1008).ToList();
        Assert.Equal(100 - ok, conflicts.Count);
        Assert.All(conflicts, e => Assert.Equal("Session not saved: key 'n' was changed by a concurrent request; answering 409.", e.Message));
    }

    private async Task<string> GetAsync(string key, string name) =>
        await (await _host.SendAsync(HttpMethod.Get, $"/get?name={name}", key)).Content.ReadAsStringAsync();

    private async Task<string> NewSessionAsync()
    {
        var response = await _host.SendAsync(HttpMethod.Post, "/write?value=start");
        return SetCookie.Find(response.Headers, "sessionid")!.Value;
    }
}
