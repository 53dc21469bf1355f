using System.Text.RegularExpressions;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>Posts a Blazor static SSR form the way a browser does: the page's antiforgery token plus the form name.</summary>
public static partial class AntiforgeryForm
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName, Dictionary<string, string>? fields = null)
    {
        var page = await client.GetStringAsync(path);
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {path}");
        var form = new Dictionary<string, string>(fields ?? [])
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token.Groups[1].Value),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
