using System.Security.Cryptography;

namespace BlazorSessionDemo.Security;

/// <summary>
/// This response's Content-Security-Policy nonce, made on first use: the one inline script the pages have (the
/// framework's <c>&lt;script type="importmap"&gt;</c>) carries it, and the policy then names it. A response that never
/// asked for one (the API, static files) gets a policy without a nonce.
/// </summary>
public sealed class CspNonce
{
    private string? _value;

    /// <summary>
    /// 128 random bits (CSP Level 3 asks for at least 128, fresh for every response), base64url: the nonce grammar allows
    /// it, and without '+', '/' or '=' it reads the same in the header and in the HTML attribute.
    /// </summary>
    public string Value => _value ??= System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public bool IsIssued => _value is not null;

    /// <summary>The nonce of the request's response (one is attached by <see cref="SecurityHeadersMiddleware"/>).</summary>
    public static string For(HttpContext context) =>
        (context.Features.Get<CspNonce>() ?? throw new InvalidOperationException("UseSecurityHeaders() is not in the pipeline.")).Value;
}
