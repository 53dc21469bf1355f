namespace BlazorSessionDemo.Auth;

/// <summary>Tells API requests (JSON answers) from page requests (redirects and HTML).</summary>
public static class ApiRequests
{
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    public static Task WriteErrorAsync(HttpResponse response, int statusCode, string error)
    {
        response.StatusCode = statusCode;
        return response.WriteAsJsonAsync(new { error });
    }
}
