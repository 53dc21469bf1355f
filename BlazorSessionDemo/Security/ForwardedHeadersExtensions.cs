using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Security;

/// <summary>
/// The client's address behind a reverse proxy: ASP.NET Core's forwarded-headers middleware, trusting only the proxies
/// <c>ForwardedHeaders:KnownProxies</c> and <c>ForwardedHeaders:KnownNetworks</c> name. ASP.NET Core's own default trusts
/// loopback; here nothing is trusted until configured, so a header sent by anyone else never changes the address.
/// </summary>
public static class ForwardedHeadersExtensions
{
    public static IServiceCollection AddProxyForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProxySettings>()
            .Bind(configuration.GetSection(ProxySettings.SectionName))
            .Validate(s => !s.Invalid().Any(),
                $"{ProxySettings.SectionName}: KnownProxies must be IP addresses and KnownNetworks CIDR networks (like 10.0.0.0/24).")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxySettings>>((options, proxies) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the entry the last (trusted) proxy appended is read: a client's own X-Forwarded-For, which the proxy
            // passes on in front of it, is not believed.
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in proxies.Value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, before anything reads the client's address (the session catalog, the lockout).</summary>
    public static IApplicationBuilder UseProxyForwardedHeaders(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<IOptions<ProxySettings>>().Value;
        return proxies.KnownProxies.Count + proxies.KnownNetworks.Count == 0 ? app : app.UseForwardedHeaders();
    }
}
