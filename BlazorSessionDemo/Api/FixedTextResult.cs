using System.Text;

namespace BlazorSessionDemo.Api;

/// <summary>
/// A constant <c>text/plain</c> answer (the seed's <c>HttpResponse("test1 ok")</c>), encoded once and written as is:
/// the same headers and bytes as <c>Results.Text</c>, without what that pays on every request (a logger resolved from
/// the request's services and looked up by name, the content type parsed for its charset, the text encoded again).
/// </summary>
public sealed class FixedTextResult(string text) : IResult
{
    private const string ContentType = "text/plain; charset=utf-8";

    private readonly ReadOnlyMemory<byte> _body = Encoding.UTF8.GetBytes(text);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = ContentType;
        response.ContentLength = _body.Length;
        // No cancellation token, as Results.Text passes none: a read of RequestAborted is a lock in Kestrel.
        return response.Body.WriteAsync(_body).AsTask();
    }
}
