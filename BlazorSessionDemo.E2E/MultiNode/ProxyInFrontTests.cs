using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace BlazorSessionDemo.E2E.MultiNode;

/// <summary>
/// Issue 14's "a real proxy in front": Debian's nginx, round robin over two app processes. The test's client connects
/// to nginx from 127.0.0.3, a loopback address of its own, so the address nginx sees and forwards is a real one, not a
/// header the test wrote; nginx reaches the nodes from 127.0.0.2, the one proxy they trust. Requests alternate nodes, a
/// login through nginx holds on both, the session catalog records 127.0.0.3 (even when the client sends an
/// X-Forwarded-For of its own), and an X-Forwarded-For sent straight to a node is ignored. Without
/// <c>ForwardedHeaders:KnownProxies</c> the catalog would record nginx's 127.0.0.2.
/// </summary>
public sealed class ProxyInFrontTests(ProxyInFront front) : IClassFixture<ProxyInFront>
{
    private const string ClientAddress = "127.0.0.3";

    [Fact]
    public async Task ThroughNginx_RequestsAlternateNodes_AndALoginOnOneNodeHoldsOnBoth()
    {
        using var client = Client(front.Nginx.BaseUrl, ClientAddress);
        var login = await client.PostAsJsonAsync("/api/login", new { email = "alice@example.com", password = "alice-password" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = SessionCookie(login);

        var upstreams = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/test1");
            request.Headers.Add("Cookie", cookie);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("test1 ok", await response.Content.ReadAsStringAsync());
            upstreams.Add(response.Headers.GetValues("X-Upstream").Single());
        }

        // Round robin: consecutive requests go to different nodes, and both nodes served the logged-in cookie.
        var nodes = new[] { new Uri(front.A.BaseUrl).Authority, new Uri(front.B.BaseUrl).Authority };
        Assert.Equal(nodes.Order(), upstreams.Distinct().Order());
        Assert.All(upstreams.Zip(upstreams.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public async Task ThroughNginx_TheCatalogRecordsTheAddressNginxSaw_NotOneTheClientMadeUp()
    {
        using var client = Client(front.Nginx.BaseUrl, ClientAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/login")
        {
            Content = JsonContent.Create(new { email = "bob@example.com", password = "bob-password" }),
        };
        request.Headers.Add("X-Forwarded-For", "203.0.113.66");

        var login = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(ClientAddress, await CatalogAddressAsync(login));
    }

    [Fact]
    public async Task StraightToANode_AnXForwardedFor_IsIgnored()
    {
        using var client = Client(front.A.BaseUrl, "127.0.0.1");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/login")
        {
            Content = JsonContent.Create(new { email = "alice@example.com", password = "alice-password" }),
        };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        var login = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("127.0.0.1", await CatalogAddressAsync(login));
    }

    /// <summary>A client without cookie handling whose connections come from <paramref name="source"/>.</summary>
    private static HttpClient Client(string baseUrl, string source) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri(baseUrl) };

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("sessionid=", StringComparison.Ordinal));

    /// <summary>The client address the shared session catalog holds for the session the response created.</summary>
    private async Task<string?> CatalogAddressAsync(HttpResponseMessage login)
    {
        var key = SessionCookie(login)["sessionid=".Length..];
        await using var connection = new SqliteConnection($"Data Source={front.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT ip_address FROM session_catalog WHERE session_key = $key";
        query.Parameters.AddWithValue("$key", key);
        return (string?)await query.ExecuteScalarAsync();
    }
}
