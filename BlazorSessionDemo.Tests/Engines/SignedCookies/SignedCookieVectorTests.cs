using DjangoSessions.Signing;
using BlazorSessionDemo.Tests.Interop;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>Every <c>signed_cookie</c> value real Django 3.2 wrote (Interop/django-3.2-vectors.json) is a session here.</summary>
public sealed class SignedCookieVectorTests
{
    public static TheoryData<string> AllVectors => [.. DjangoVectors.All.Select(v => v.SessionKey)];

    [Theory]
    [MemberData(nameof(AllVectors))]
    public async Task DjangoSignedCookie_LoadsWithTheVectorsData(string vectorKey)
    {
        var vector = DjangoVectors.Get(vectorKey);
        using var bed = new SignedCookieTestBed(SignedAt(vector.SignedCookie).AddSeconds(30));
        var engine = bed.CreateEngine(DjangoVectors.SecretKey);

        var data = await engine.LoadAsync(vector.SignedCookie);

        Assert.NotNull(data);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(vector.Data, data), $"expected {vector.Data.ToJsonString()} got {data.ToJsonString()}");
        Assert.True(await engine.ExistsAsync(vector.SignedCookie));
        Assert.Empty(bed.SecurityWarnings);
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public async Task DjangoSignedCookie_AfterCookieAge_IsNoSession(string vectorKey)
    {
        var vector = DjangoVectors.Get(vectorKey);
        using var bed = new SignedCookieTestBed(SignedAt(vector.SignedCookie).AddSeconds(1209601));

        Assert.Null(await bed.CreateEngine(DjangoVectors.SecretKey).LoadAsync(vector.SignedCookie));
    }

    private static DateTimeOffset SignedAt(string cookie)
    {
        Assert.True(Base62.TryDecode(cookie.Split(':')[1], out var seconds));
        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }
}
