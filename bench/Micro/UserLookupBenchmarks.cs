using BenchmarkDotNet.Attributes;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Micro;

/// <summary>
/// What authentication adds to every authenticated request besides the session: the active-user lookup (EF Core on
/// SQLite), measured beside the session load so the HTTP figures can be read apart.
/// </summary>
[MemoryDiagnoser]
public class UserLookupBenchmarks
{
    private MicroHost _host = null!;
    private UserAccounts _users = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = MicroHost.Start();
        _users = _host.Services.GetRequiredService<UserAccounts>();
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark]
    public Task<User?> FindActiveUser() => _users.FindActiveAsync(1);
}
