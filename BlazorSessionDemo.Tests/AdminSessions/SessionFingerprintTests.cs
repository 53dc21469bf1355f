using System.Security.Cryptography;
using System.Text;
using DjangoSessions.Catalog;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// A fingerprint is the first 12 hex digits of SHA-256 of the id, whether it was just computed or kept from an earlier
/// request: the memo may never answer one id with another's fingerprint (they share slots), alone or under load.
/// </summary>
public sealed class SessionFingerprintTests
{
    private static string Expected(string id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..12];

    [Fact]
    public void AKnownIdHasItsSha256Prefix()
    {
        Assert.Equal("ba7816bf8f01", SessionFingerprint.Of("abc"));
        Assert.Equal("ba7816bf8f01", SessionFingerprint.Of(new string("abc".AsSpan())));
    }

    [Fact]
    public void ManyMoreIdsThanSlotsEachKeepTheirOwnFingerprint()
    {
        // Same length, same prefix: only the tail differs, so a memo that compared less than the whole id would mix them.
        var ids = Enumerable.Range(0, 20_000).Select(i => $"k{new string('x', 30)}{i:D6}é").ToArray();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var id in ids)
            {
                Assert.Equal(Expected(id), SessionFingerprint.Of(id));
            }
        }
    }

    [Fact]
    public void ConcurrentCallersGetTheRightFingerprint()
    {
        var ids = Enumerable.Range(0, 6_000).Select(i => $"session-{i}").ToArray();
        var expected = ids.Select(Expected).ToArray();
        var wrong = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (var round = 0; round < 5; round++)
            {
                for (var i = worker; i < ids.Length; i += 3)
                {
                    // A fresh string each time: the memo must match by content, not by reference.
                    if (SessionFingerprint.Of(new string(ids[i].AsSpan())) != expected[i])
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            }
        });
        Assert.Equal(0, wrong);
    }
}
