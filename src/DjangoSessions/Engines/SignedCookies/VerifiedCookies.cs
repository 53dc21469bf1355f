using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;

namespace DjangoSessions.Engines.SignedCookies;

/// <summary>
/// Cookies this process has verified, kept with what they hold: a browser sends the same cookie on every request of
/// a session until the next save, and a request asks about it several times (the load, the catalog's and the login's
/// session id). Checking it again (base64, zlib, HMAC-SHA256, JSON) can only give the same answer: the signer's keys
/// are fixed for the life of the process and the cookie carries its own signature. Only the age is time-dependent, so
/// the caller checks it against the kept signing time on every use, as <c>TimestampSigner.unsign(max_age)</c> would.
/// What fails is never kept: a tampered cookie is checked, and logged, every time. The same bounds as the codec's
/// <see cref="VerifiedSessionData"/>: at most <see cref="Capacity"/> cookies, dropped after <see cref="IdleLifetime"/> unused.
/// </summary>
internal sealed class VerifiedCookies
{
    internal const int Capacity = VerifiedSessionData.Capacity;

    internal static readonly TimeSpan IdleLifetime = VerifiedSessionData.IdleLifetime;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>How many cookies are kept now.</summary>
    public int Count => _entries.Count;

    /// <summary>What <paramref name="cookie"/> was verified as; its dict is the kept one, never to be changed.</summary>
    public bool TryGet(string cookie, [NotNullWhen(true)] out SignedCookieContent? content) =>
        _entries.TryGetValue(cookie, out content) && content is not null;

    /// <summary>Keeps <paramref name="content"/>, whose dict nobody else holds (a fresh parse), as what <paramref name="cookie"/> holds.</summary>
    public void Remember(string cookie, SignedCookieContent content)
    {
        // Ready for many concurrent readers: children built and strings kept as .NET strings, as the codec's memo does.
        VerifiedSessionData.Settle(content.Data);
        _entries.Set(cookie, content, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleLifetime });
    }
}
