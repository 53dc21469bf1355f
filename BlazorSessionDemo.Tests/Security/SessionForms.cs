using System.Net;
using System.Text.RegularExpressions;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// Static SSR form posts with a session cookie chosen by the test (a replayed or stolen one), from a client without a
/// cookie jar: the antiforgery cookie and token come from an anonymous GET of the same page.
/// </summary>
public static partial class SessionForms
{
    /// <summary>What <c>/session_test/</c>'s Read button shows for <c>h1</c> when posted with <paramref name="sessionCookie"/>.</summary>
    public static async Task<string> ReadH1Async(HttpClient cookieless, string sessionCookie)
    {
        var (antiforgery, token) = await AntiforgeryAsync(cookieless, "/session_test/");
        var request = new HttpRequestMessage(HttpMethod.Post, "/session_test/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "read",
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", $"{antiforgery}; {AuthClient.CookieName}={sessionCookie}");
        var response = await cookieless.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var value = ReadValuePattern().Match(await response.Content.ReadAsStringAsync());
        Assert.True(value.Success, "no #read-value on the page");
        return WebUtility.HtmlDecode(value.Groups[1].Value);
    }

    /// <summary>An anonymous visitor's antiforgery cookie (<c>name=value</c>) and request token for <paramref name="path"/>.</summary>
    public static async Task<(string Cookie, string Token)> AntiforgeryAsync(HttpClient cookieless, string path)
    {
        var page = await cookieless.GetAsync(path);
        var cookie = SetCookie.All(page.Headers).Single(c => c.Name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        return ($"{cookie.Name}={cookie.Value}", TokenOf(await page.Content.ReadAsStringAsync()));
    }

    /// <summary>The antiforgery request token a page rendered.</summary>
    public static string TokenOf(string html)
    {
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, "no antiforgery token on the page");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("id=\"read-value\">([^<]*)<")]
    private static partial Regex ReadValuePattern();
}
