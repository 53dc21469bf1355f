namespace BlazorSessionDemo.Security;

/// <summary>
/// The app's Content-Security-Policy, as tight as the Blazor Server pages allow (checked in Chromium by
/// ContentSecurityPolicyTests: every page loads and runs its interactive parts with no violation report).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>default-src 'self'</c>: everything from this origin only; no inline code or styles anywhere.</item>
/// <item><c>script-src 'self' 'nonce-...'</c>: blazor.web.js and the app's scripts; the nonce admits only the
/// framework's inline import map (<c>&lt;ImportMap&gt;</c>), never an injected script.</item>
/// <item><c>connect-src 'self'</c>: the circuit's WebSocket to this host (CSP Level 3: 'self' covers ws:/wss: of the
/// page's own host and port).</item>
/// <item><c>img-src 'self' data:</c>: the page's empty <c>data:</c> favicon, which keeps browsers from asking for one.</item>
/// <item><c>object-src 'none'</c>, <c>base-uri 'self'</c>, <c>form-action 'self'</c>, <c>frame-ancestors 'self'</c>:
/// no plugins, no base-URL hijack, forms post only here, framed only by this site (clickjacking).</item>
/// </list>
/// </remarks>
public static class ContentSecurityPolicy
{
    private const string Fixed =
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public static string Header(string? nonce) => nonce is null
        ? $"{Fixed}; script-src 'self'"
        : $"{Fixed}; script-src 'self' 'nonce-{nonce}'";
}
