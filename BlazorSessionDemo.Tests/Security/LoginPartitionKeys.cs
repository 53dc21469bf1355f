using System.Security.Cryptography;
using System.Text;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// The stored form of a login-failure partition, written out here on purpose rather than taken from the app: both stores
/// keep the first 32 hex digits of the partition's SHA-256 (no login text stored), and nodes sharing a store must agree.
/// </summary>
internal static class LoginPartitionKeys
{
    public static string HashOf(string partition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partition)))[..32];
}
