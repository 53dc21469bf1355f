
namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// A cookie session has to fit in a cookie: browsers drop a Set-Cookie over 4096 bytes without a word, leaving the user
/// on the previous session. Django lets that happen; here the save fails, naming the size and the limit.
/// </summary>
public sealed class SignedCookieSizeTests : IDisposable
{
    private readonly SignedCookieTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Save_OverTheCookieLimit_ThrowsSessionTooLarge_NamingSizeAndLimit()
    {
        var session = await _bed.LoadAsync(null);
        session["blob"] = Incompressible(6000);

        var error = await Assert.ThrowsAsync<SessionTooLargeException>(() => session.SaveAsync());

        Assert.Equal(4096, error.Limit);
        Assert.True(error.Size > 4096, $"size {error.Size}");
        Assert.Contains($"{error.Size} bytes", error.Message);
        Assert.Contains("4096 bytes", error.Message);
        Assert.Null(session.SessionKey);
    }

    [Fact]
    public async Task Save_AfterTooLarge_StoringLess_Succeeds()
    {
        var session = await _bed.LoadAsync(null);
        session["n"] = 1;
        session["blob"] = Incompressible(6000);
        await Assert.ThrowsAsync<SessionTooLargeException>(() => session.SaveAsync());

        session.Remove("blob");
        await session.SaveAsync();

        Assert.Equal(["n"], (await _bed.LoadAsync(session.SessionKey)).Keys);
    }

    [Fact]
    public async Task Save_OfALiveSessionGrownTooLarge_Throws_AndItsCookieStillHoldsTheOldData()
    {
        var session = await _bed.SaveNewAsync(("n", 1));
        var cookie = session.SessionKey;
        session["blob"] = Incompressible(6000);

        await Assert.ThrowsAsync<SessionTooLargeException>(() => session.SaveAsync());

        Assert.Equal(cookie, session.SessionKey);
        Assert.Equal(["n"], (await _bed.LoadAsync(cookie)).Keys);
    }

    [Fact]
    public async Task Save_JustUnderTheLimit_IsAccepted_AndTheCookieIsShorterThanTheLimit()
    {
        var size = 0;
        string? cookie = null;
        // Grow until the next step would not fit: the last accepted cookie is near the limit, yet accepted.
        for (var length = 2500; ; length += 50)
        {
            var session = await _bed.LoadAsync(null);
            session["blob"] = Incompressible(length);
            try
            {
                await session.SaveAsync();
            }
            catch (SessionTooLargeException error)
            {
                size = error.Size;
                break;
            }
            cookie = session.SessionKey;
        }

        Assert.NotNull(cookie);
        Assert.InRange(size, 4097, 4096 + 100);
        Assert.InRange(cookie.Length, 3800, 4096);
        Assert.True(_bed.Engine.IsWellFormedKey(cookie));
    }

    [Fact]
    public async Task Save_LargeButCompressibleData_FitsThanksToZlib()
    {
        // signing.dumps(compress=True): a long repetitive value is stored zlib-compressed ('.' prefix).
        var session = await _bed.LoadAsync(null);
        session["text"] = new string('a', 20_000);

        await session.SaveAsync();

        Assert.StartsWith(".", session.SessionKey);
        Assert.Equal(20_000, (await _bed.LoadAsync(session.SessionKey)).Get<string>("text")!.Length);
    }

    /// <summary>Random letters (fixed seed): zlib can't shrink them much, so the cookie grows with the value.</summary>
    private static string Incompressible(int length)
    {
        var random = new Random(length);
        return new string([.. Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26)))]);
    }
}
