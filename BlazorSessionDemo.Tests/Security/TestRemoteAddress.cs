using System.Net;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// The in-memory test server has no client address; this startup filter takes one from the test-only
/// <see cref="Header"/>, so per-address limits can be seen telling clients apart.
/// </summary>
public sealed class TestRemoteAddress : IStartupFilter
{
    public const string Header = "X-Test-Remote-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}
