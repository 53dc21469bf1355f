using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.Faults;

/// <summary>What every refused request must look like: a 4xx, a reason, no stack trace, no session cookie.</summary>
public static class Rejections
{
    /// <summary>Ten megabytes: far beyond anything the app reads, as an abusive client would send.</summary>
    public const int HugeBodyBytes = 10 * 1024 * 1024;

    /// <summary>A body that claims to be UTF-8 but isn't (0xFF/0xFE never occur in UTF-8).</summary>
    public static byte[] InvalidUtf8Json => [.. "{\"email\":\""u8, 0xFF, 0xFE, .. "\",\"password\":\"x\"}"u8];

    public static HttpContent Bytes(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return content;
    }

    public static HttpContent Text(string body, string? contentType) => Bytes(Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>A 10 MB body sent chunked (no Content-Length to refuse up front), so the limit must hold while reading.</summary>
    public static HttpContent HugeChunked(string contentType)
    {
        var content = new StreamContent(new UnknownLengthStream(new byte[HugeBodyBytes]));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>An API refusal: one of <paramref name="statuses"/>, JSON <c>{"error": "..."}</c>, no trace, no cookie.</summary>
    public static async Task<string> AssertApiErrorAsync(HttpResponseMessage response, params HttpStatusCode[] statuses)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(statuses.Contains(response.StatusCode), $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(body)?["error"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(error), $"no error reason in {body}");
        AssertNoTrace(body);
        Assert.Null(SetCookie.Find(response.Headers, AuthClient.CookieName));
        return error!;
    }

    /// <summary>
    /// A page refusal: a 4xx with a reason in the body (the app's error page, or the framework's one-line reason in
    /// Development), not the "not found" page and not empty; no trace, no session cookie.
    /// </summary>
    public static async Task<string> AssertPageErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {body}");
        Assert.False(string.IsNullOrWhiteSpace(body), $"an empty {(int)response.StatusCode} body says nothing");
        Assert.DoesNotContain("the content you are looking for does not exist", body);
        AssertNoTrace(body);
        Assert.Null(SetCookie.Find(response.Headers, AuthClient.CookieName));
        return body;
    }

    /// <summary>No exception text in a body: type names and .NET stack frames stay in the log.</summary>
    public static void AssertNoTrace(string body)
    {
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
    }

    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
