using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace BlazorSessionDemo.Tests.Cookies;

/// <summary>Posts the /cookies forms as a browser does and reads the answer's header, fields and request list.</summary>
internal static class CookiesPageClient
{
    public static Task<CookiesPageAnswer> SetAsync(HttpClient client, Dictionary<string, string> fields) =>
        PostAsync(client, "set-cookie", fields);

    public static Task<CookiesPageAnswer> DeleteAsync(HttpClient client, Dictionary<string, string> fields) =>
        PostAsync(client, "delete-cookie", fields);

    public static async Task<CookiesPageAnswer> GetAsync(HttpClient client) =>
        await CookiesPageAnswer.ReadAsync(await client.GetAsync("/cookies"));

    private static async Task<CookiesPageAnswer> PostAsync(HttpClient client, string formName, Dictionary<string, string> fields)
    {
        // [SupplyParameterFromForm] binds the property named Input, so the browser posts Input.Key, Input.Path, ...
        var form = fields.ToDictionary(f => "Input." + f.Key, f => f.Value);
        return await CookiesPageAnswer.ReadAsync(await AntiforgeryForm.PostAsync(client, "/cookies", formName, form));
    }
}

internal sealed class CookiesPageAnswer(HttpResponseMessage response, IHtmlDocument page)
{
    public HttpResponseMessage Response { get; } = response;

    public IHtmlDocument Page { get; } = page;

    public static async Task<CookiesPageAnswer> ReadAsync(HttpResponseMessage response) =>
        new(response, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));

    /// <summary>The raw Set-Cookie headers for <paramref name="name"/> (not the antiforgery cookie's).</summary>
    public IReadOnlyList<string> SetCookieHeadersFor(string name) =>
        Response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Where(v => v.StartsWith(name + "=", StringComparison.Ordinal)).ToList() : [];

    public string? Text(string id) => Page.GetElementById(id)?.TextContent;

    /// <summary>The validation messages inside the field's wrapper, such as <c>set-key-field</c>.</summary>
    public IReadOnlyList<string> MessagesAt(string fieldId) =>
        Page.GetElementById(fieldId)?.QuerySelectorAll(".validation-message").Select(m => m.TextContent).ToList()
        ?? throw new InvalidOperationException($"No field #{fieldId} on the page.");

    public IReadOnlyList<string> AllMessages() => Page.QuerySelectorAll(".validation-message").Select(m => m.TextContent).ToList();

    /// <summary>The value the page lists for a cookie the request carried, or null when it is not listed.</summary>
    public string? ListedValue(string name) =>
        Page.QuerySelectorAll("#request-cookies tr[data-cookie]").FirstOrDefault(r => r.GetAttribute("data-cookie") == name)
            ?.QuerySelector(".cookie-value")?.TextContent;
}
