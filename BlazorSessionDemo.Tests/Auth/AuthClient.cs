using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>The requests the login tests send: API login, the login form, the logout form, and replays of a cookie.</summary>
public static partial class AuthClient
{
    public const string CookieName = "sessionid";

    public static Task<HttpResponseMessage> ApiLoginAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/login", new { email, password });

    /// <summary>Posts <paramref name="body"/> as-is, so malformed and oddly typed JSON reach the endpoint untouched.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path, string body, string contentType = "application/json") =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>The /login form as a browser submits it; <paramref name="path"/> may carry a returnUrl.</summary>
    public static Task<HttpResponseMessage> FormLoginAsync(HttpClient client, string username, string password, string path = "/login") =>
        AntiforgeryForm.PostAsync(client, path, "login", new()
        {
            ["Input.Username"] = username,
            ["Input.Password"] = password,
        });

    /// <summary>The logout button of <paramref name="pagePath"/>: its antiforgery token, posted to /logout.</summary>
    public static async Task<HttpResponseMessage> PostLogoutFormAsync(HttpClient client, string pagePath = "/backend")
    {
        var page = await client.GetStringAsync(pagePath);
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {pagePath}");
        return await client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
    }

    /// <summary>The session key the response set; fails the test when it set none.</summary>
    public static string SessionKeyOf(HttpResponseMessage response)
    {
        var cookie = SetCookie.Find(response.Headers, CookieName);
        Assert.True(cookie is { Value.Length: > 0 }, $"No {CookieName} cookie set by {response.RequestMessage?.RequestUri}");
        return cookie!.Value;
    }

    /// <summary>A client without a cookie jar, for sending a chosen (e.g. stale) session cookie by hand.</summary>
    public static HttpClient CreateCookielessClient(AppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public static Task<HttpResponseMessage> SendWithSessionAsync(HttpClient cookieless, HttpMethod method, string path, string sessionKey)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"{CookieName}={sessionKey}");
        return cookieless.SendAsync(request);
    }

    /// <summary>
    /// A redirect's target as a local path and query. The app may answer with an absolute URI on its own host; a
    /// redirect anywhere else fails here, which is exactly what the open-redirect tests need.
    /// </summary>
    public static string RedirectTarget(HttpResponseMessage response)
    {
        var location = response.Headers.Location;
        Assert.NotNull(location);
        if (!location.IsAbsoluteUri)
        {
            return location.OriginalString;
        }
        Assert.Equal("localhost", location.Host);
        return location.PathAndQuery;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
