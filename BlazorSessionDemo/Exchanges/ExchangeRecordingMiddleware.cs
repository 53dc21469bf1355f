namespace BlazorSessionDemo.Exchanges;

/// <summary>
/// Gives <see cref="ExchangeRecorder"/> its moment: a response-start callback registered before SessionMiddleware's,
/// so it runs after it (ASP.NET Core runs <c>OnStarting</c> callbacks last-registered first), when the session is saved
/// and its <c>Set-Cookie</c> written. Only POSTs: the teaching pages' actions are form posts.
/// </summary>
public static class ExchangeRecordingMiddleware
{
    /// <summary>Call before <c>UseDjangoSessions()</c>.</summary>
    public static IApplicationBuilder UseExchangeRecording(this IApplicationBuilder app)
    {
        var recorder = app.ApplicationServices.GetRequiredService<ExchangeRecorder>();
        return app.Use((context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                context.Response.OnStarting(() =>
                {
                    recorder.Finish(context);
                    return Task.CompletedTask;
                });
            }
            return next(context);
        });
    }
}
