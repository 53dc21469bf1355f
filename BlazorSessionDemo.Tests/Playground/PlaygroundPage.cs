using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorSessionDemo.Tests.Playground;

/// <summary>Drives <c>/session</c> as a browser does (antiforgery form posts, then the redirect) and reads what it shows.</summary>
public static partial class PlaygroundPage
{
    public const string PagePath = "/session";

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string action, Dictionary<string, string>? fields = null) =>
        AntiforgeryForm.PostAsync(client, PagePath, action, fields);

    public static Task<HttpResponseMessage> SetAsync(HttpClient client, string key, string json) =>
        PostAsync(client, "set", new() { ["key"] = key, ["value"] = json });

    /// <summary>The page the action redirected to (post/redirect/get); fails unless the action redirected.</summary>
    public static async Task<string> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = new Uri(client.BaseAddress!, response.Headers.Location!);
        Assert.Equal(PagePath, location.AbsolutePath);
        return await client.GetStringAsync(location);
    }

    /// <summary>The HTML-decoded text of the element with <paramref name="id"/>, or null when the page has none.</summary>
    public static string? Text(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{Regex.Escape(id)}\"[^>]*>(.*?)</", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public static JsonObject Decoded(string html) =>
        JsonNode.Parse(Text(html, "record-decoded") ?? throw new Xunit.Sdk.XunitException("The page shows no decoded record."))!.AsObject();

    /// <summary>What the app's own engine loads under <paramref name="key"/> (null: nothing, as for a stranger's cookie).</summary>
    public static async Task<JsonObject?> LoadAsync(WebApplicationFactory<Program> app, string key)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISessionEngine>().LoadAsync(key);
    }

    public static SetCookie? SessionCookie(HttpResponseMessage response) => SetCookie.Find(response.Headers, "sessionid");
}
