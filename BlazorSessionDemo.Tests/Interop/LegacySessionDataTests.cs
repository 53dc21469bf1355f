using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Interop;

/// <summary>
/// Session data in Django's pre-3.1 format, which Django 3.2 still reads (<c>SessionBase._legacy_decode</c>):
/// base64 of <c>&lt;salted_hmac sha1 hexdigest&gt;:&lt;json&gt;</c>, key salt <c>django.contrib.sessionsSessionStore</c>.
/// The vectors are written by real Django 3.2 (<see cref="DjangoFormatsPeer"/>); the codec under test is the one the
/// app registers. Read only: a legacy session that is saved again is written in the current format.
/// </summary>
public sealed class LegacySessionDataTests : IAsyncLifetime
{
    private static readonly JsonObject[] Dicts =
    [
        new() { ["h1"] = "hello" },
        new() { ["user_id"] = 3, ["user_info"] = "**3 admin admin@example.com", ["is_login"] = true },
        new() { ["nested"] = new JsonObject { ["list"] = new JsonArray(1, 2.5, "é ☃ 😀", null) }, ["_session_expiry"] = 300 },
        new(),
    ];

    private readonly CapturingLoggerProvider _logs = new();
    private WebApplication _app = null!;
    private IReadOnlyList<string> _django = [];

    public async Task InitializeAsync()
    {
        _django = await DjangoFormatsPeer.LegacyEncodeAsync(SessionTestHost.Secret, Dicts);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Session:SecretKey"] = SessionTestHost.Secret,
            ["Session:Engine"] = SessionEngineNames.Cache,
        });
        builder.Logging.AddProvider(_logs);
        // The codec every server-side engine shares, as the app registers it (the engine is never opened here).
        builder.Services.AddDjangoSessions(builder.Configuration.GetSection(DjangoSessionSettings.SectionName)).AddCacheEngine();
        _app = builder.Build();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private SessionDataCodec Codec => _app.Services.GetRequiredService<SessionDataCodec>();

    private IReadOnlyList<CapturedLog> SecurityWarnings =>
        [.. _logs.Entries.Where(e => e.Category == SessionDataCodec.SecurityLogCategory && e.Level == LogLevel.Warning)];

    [Fact]
    public void Decode_DjangoLegacyData_GivesTheDict()
    {
        for (var i = 0; i < Dicts.Length; i++)
        {
            Assert.DoesNotContain(':', _django[i]);
            Assert.True(JsonNode.DeepEquals(Dicts[i], Codec.Decode(_django[i])), $"vector {i}: {_django[i]}");
        }
        Assert.Empty(SecurityWarnings);
    }

    [Fact]
    public void Decode_LegacyDataUnderAnotherSecret_IsEmpty_AndLogsASecurityWarning()
    {
        var foreign = LegacyEncode("some-other-apps-secret", """{"user_id":3}""");

        Assert.Empty(Codec.Decode(foreign));
        Assert.Contains("Session data corrupted", Assert.Single(SecurityWarnings).Message);
    }

    [Fact]
    public void Decode_LegacyJsonChangedAfterHashing_IsEmpty_AndLogsASecurityWarning()
    {
        var raw = Encoding.ASCII.GetString(Convert.FromBase64String(_django[1]));
        var tampered = Convert.ToBase64String(Encoding.ASCII.GetBytes(raw.Replace("\"user_id\":3", "\"user_id\":1")));

        Assert.Empty(Codec.Decode(tampered));
        Assert.Single(SecurityWarnings);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("bm8gY29sb24gaGVyZQ==")]
    [InlineData("")]
    public void Decode_JunkThatIsNeitherFormat_IsEmpty_AndLogsASecurityWarning(string junk)
    {
        Assert.Empty(Codec.Decode(junk));
        Assert.Single(SecurityWarnings);
    }

    [Fact]
    public async Task DbEngine_LegacyRowWrittenByDjango_LoadsThroughTheMiddleware_AndIsResavedInTheCurrentFormat()
    {
        await using var host = await SessionTestHost.StartAsync();
        const string key = "legacyrow0000000000000000000key1";
        await using (var connection = new SqliteConnection(host.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO django_session (session_key, session_data, expire_date) VALUES ($k, $d, $e)";
            insert.Parameters.AddWithValue("$k", key);
            insert.Parameters.AddWithValue("$d", _django[0]);
            insert.Parameters.AddWithValue("$e", host.Time.GetUtcNow().AddDays(1).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff"));
            await insert.ExecuteNonQueryAsync();
        }

        var read = await host.SendAsync(HttpMethod.Get, "/read", key);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("hello", await read.Content.ReadAsStringAsync());

        var write = await host.SendAsync(HttpMethod.Post, "/write?value=again", key);
        write.EnsureSuccessStatusCode();
        await using var db = host.Database.CreateContext();
        var row = db.DjangoSessions.Single(s => s.SessionKey == key);
        Assert.Equal(3, row.SessionData.Split(':').Length);
        var reread = await host.SendAsync(HttpMethod.Get, "/read", key);
        Assert.Equal("again", await reread.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Decode_LegacyHashTruncatedForgedChangedOrExtended_IsEmpty()
    {
        // Issue 18: a prefix compare of the hexdigest would accept a cut hash (the empty one included) or 1 in 16 forged
        // one-character hashes.
        var (hash, json) = SplitLegacy(_django[1]);
        var (_, forgedJson) = SplitLegacy(LegacyEncode("an-attackers-own-secret", """{"user_id":1,"is_login":true}"""));
        Assert.Equal(40, hash.Length);
        Assert.Equal(3, Codec.Decode(JoinLegacy(hash, json))["user_id"]!.GetValue<int>());

        var attempts = Enumerable.Range(0, hash.Length).Select(n => JoinLegacy(hash[..n], json))
            .Concat(Security.SignatureTruncationTests.Base64UrlAlphabet.Select(c => JoinLegacy(c.ToString(), forgedJson)))
            .Concat(Security.SignatureTruncationTests.SingleCharacterChanges(hash).Select(h => JoinLegacy(h, json)))
            .Concat(Security.SignatureTruncationTests.Base64UrlAlphabet.Select(c => JoinLegacy(hash + c, json)))
            .Append(JoinLegacy(hash.ToUpperInvariant(), json));
        foreach (var attempt in attempts)
        {
            Assert.True(Codec.Decode(attempt).Count == 0, $"{Encoding.UTF8.GetString(Convert.FromBase64String(attempt))} decoded");
        }
    }

    private static (string Hash, string Json) SplitLegacy(string sessionData)
    {
        var raw = Encoding.UTF8.GetString(Convert.FromBase64String(sessionData));
        var at = raw.IndexOf(':');
        return (raw[..at], raw[(at + 1)..]);
    }

    private static string JoinLegacy(string hash, string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(hash + ":" + json));

    /// <summary>The legacy format built independently of the code under test, for secrets Django was not asked about.</summary>
    internal static string LegacyEncode(string secret, string json)
    {
        var key = System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes("django.contrib.sessionsSessionStore" + secret));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(json)));
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(hash + ":" + json));
    }
}
