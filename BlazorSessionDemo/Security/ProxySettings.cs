namespace BlazorSessionDemo.Security;

/// <summary>
/// <c>ForwardedHeaders</c>: the reverse proxies (load balancers) whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> the app believes. Empty (the default): none, and the headers are ignored whoever sends them,
/// so a client can't choose the address the session catalog records or the login lockout counts against.
/// </summary>
public sealed class ProxySettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>The proxies' own addresses, e.g. <c>["10.0.0.5"]</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR form, e.g. <c>["10.0.0.0/24"]</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Entries of either list that are not an address (or a CIDR network), for the start-up check.</summary>
    public IEnumerable<string> Invalid() =>
        KnownProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _))
            .Concat(KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)));
}
