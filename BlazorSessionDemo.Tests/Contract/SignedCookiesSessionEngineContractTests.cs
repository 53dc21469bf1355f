using System.Buffers.Text;
using System.Security.Cryptography;
using DjangoSessions.Engines.SignedCookies;
using DjangoSessions.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The contract against <c>signed_cookies</c> (Django's <c>CookieSessionTests</c>, minus the skips Django needs there:
/// here exists, delete, flush and cycle_key hold, through the revocation ledger in a real SQLite file). The key is
/// the signed cookie value, so tampering with the stored data means tampering with the key itself.
/// </summary>
public sealed class SignedCookiesSessionEngineContractTests : SessionEngineContractTests
{
    private readonly ContractSqliteFile _file = new("signed-cookies-contract");


    /// <summary>signing.dumps output: base64url payload ('.' first when compressed), base62 time, 43-char SHA-256 signature.</summary>
    protected override string IssuedKeyPattern => @"^\.?[A-Za-z0-9_-]+:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}$";

    protected override IReadOnlyList<string> MalformedKeys { get; } =
    [
        "",
        "1",
        "abcdefghijklmnopqrstuvwxyz012345",
        "eyJhIjoxfQ",
        "eyJhIjoxfQ:1xVpLi",
        "eyJhIjoxfQ::TcSUV2sroZtzN-mlKcB0KZe2Ro0zWWE29I48oEDlD5U",
        ":1xVpLi:TcSUV2sroZtzN-mlKcB0KZe2Ro0zWWE29I48oEDlD5U",
        "eyJhIjoxfQ:1xVpLi:",
        "eyJhIjoxfQ:1xVpLi:TcSUV2sroZtzN:mlKcB0KZe2Ro0zWWE29I48oEDlD5U",
        "eyJhIjoxfQ:1x-pLi:TcSUV2sroZtzN-mlKcB0KZe2Ro0zWWE29I48oEDlD5U",
        "eyJhIjoxfQ==:1xVpLi:TcSUV2sroZtzN-mlKcB0KZe2Ro0zWWE29I48oEDlD5U",
        "eyJh/joxfQ:1xVpLi:TcSUV2sroZtzN-mlKcB0KZe2Ro0zWWE29I48oEDlD5U",
        "eyJhIjoxfQ:1xVpLi:TcSUV2sroZtzN mlKcB0KZe2Ro0zWWE29I48oEDlD5U",
        "eyJhIjoxfQ:1xVpLi:TcSUV2sroZtzN;mlKcB0KZe2Ro0zWWE29I48oEDlD5U",
        "eyJhIjoxfQ:1xVpLi:TcSUV2sroZtzNémlKcB0KZe2Ro0zWWE29I48oEDlD5U",
        "a/b",
        "..\\x",
        "../../../../etc/passwd",
        new string('a', 4000) + ":1xVpLi:" + new string('b', 100),
    ];

    protected override Task InitializeStoreAsync() => CreateTablesAsync();

    protected override ISessionEngine CreateEngine(string secret, params string[] fallbacks) =>
        new SignedCookieSessionEngine(new RevocationLedger<FrameworkDbContext>(_file.Contexts, Time, Options.Create(Settings)),
            new SignedCookieCodec(secret, fallbacks, Time, new LoggerFactory([Logs])), Time, Options.Create(Settings));

    /// <summary>One character of the signed payload changed: the cookie a client could send back.</summary>
    protected override Task<string> TamperStoredDataAsync(string sessionKey)
    {
        var data = sessionKey.ToCharArray();
        data[1] = data[1] == 'A' ? 'B' : 'A';
        return Task.FromResult(new string(data));
    }

    /// <summary>A correctly shaped signed value that no secret of this app signed.</summary>
    protected override string NewUnknownKey() =>
        $"{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24))}:{Base62.Encode(Time.GetUtcNow().ToUnixTimeSeconds())}:" +
        Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    protected override void Dispose(bool disposing)
    {
        _file.Dispose();
        base.Dispose(disposing);
    }

    private async Task CreateTablesAsync()
    {
        await _file.CreateTablesAsync();
    }
}
