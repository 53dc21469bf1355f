namespace BlazorSessionDemo.Security;

/// <summary>
/// <c>Csrf</c>: Django's <c>CSRF_TRUSTED_ORIGINS</c> for the JSON API. A state-changing <c>/api</c> request from a
/// browser page on another origin is refused unless that origin is listed here (see <see cref="ApiCsrfMiddleware"/>).
/// </summary>
public sealed class CsrfSettings
{
    public const string SectionName = "Csrf";

    /// <summary>
    /// Origins other than this site's own that may call the API from a browser: <c>https://app.example.com</c>, or
    /// <c>https://*.example.com</c> for example.com and every subdomain, as Django 4.0+ writes them (scheme required;
    /// a port when it isn't the scheme's default; no path).
    /// </summary>
    public string[] TrustedOrigins { get; set; } = [];
}
