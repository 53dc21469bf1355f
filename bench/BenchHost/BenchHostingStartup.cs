using Microsoft.AspNetCore.Hosting;

[assembly: HostingStartup(typeof(BenchHost.BenchHostingStartup))]

namespace BenchHost;

/// <summary>
/// Loaded by the app's own host when <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=BenchHost</c> (bench/harness/stacks.py):
/// the app's Program.cs runs unchanged and gains the benchmark's services and endpoints from here.
/// </summary>
public sealed class BenchHostingStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services => services.AddBenchHost());
}
