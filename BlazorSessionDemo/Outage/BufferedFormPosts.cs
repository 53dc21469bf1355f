using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace BlazorSessionDemo.Outage;

/// <summary>
/// Holds back the answer to a form POST on a page until the request is done, so the session middleware saves the
/// session before anything reaches the browser, as Django's <c>SessionMiddleware.process_response</c> does. A Blazor
/// page flushes its response inside the endpoint; without this, a save that fails (the store is down) could only turn
/// the status into 503 under a page that says nothing, or a redirect that silently lands on the same page. With it,
/// the failure replaces the whole answer with the store-unavailable page. Page answers to forms are small (a redirect,
/// or the form again with its messages); GETs, static files, the API and the circuit's own posts (<c>/_blazor</c>) are not held.
/// </summary>
/// <remarks>Goes right before <c>UseDjangoSessions</c>.</remarks>
public sealed class BufferedFormPosts(RequestDelegate next)
{
    // Not async on the way through: a request that isn't a form post pays no state machine.
    public Task InvokeAsync(HttpContext context) =>
        !HttpMethods.IsPost(context.Request.Method) || context.Request.Path.StartsWithSegments("/api")
            || context.Request.Path.StartsWithSegments("/_blazor")
            || context.Features.Get<IHttpResponseBodyFeature>() is not { } server
            ? next(context)
            : HoldAsync(context, server);

    private async Task HoldAsync(HttpContext context, IHttpResponseBodyFeature server)
    {
        using var buffer = new MemoryStream();
        var held = new HeldBody(buffer);
        context.Features.Set<IHttpResponseBodyFeature>(held);
        try
        {
            await next(context);
            await held.Writer.FlushAsync(context.RequestAborted);
        }
        finally
        {
            context.Features.Set(server);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>A response body that only fills memory: it never starts the server's response.</summary>
    private sealed class HeldBody(MemoryStream buffer) : IHttpResponseBodyFeature
    {
        private PipeWriter? writer;

        public Stream Stream => buffer;

        public PipeWriter Writer => writer ??= PipeWriter.Create(buffer, new StreamPipeWriterOptions(leaveOpen: true));

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            SendFileFallback.SendFileAsync(buffer, path, offset, count, cancellationToken);

        public async Task CompleteAsync()
        {
            if (writer is not null)
            {
                await writer.FlushAsync();
            }
        }
    }
}
