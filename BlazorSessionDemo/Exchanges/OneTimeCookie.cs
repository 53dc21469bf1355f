using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace BlazorSessionDemo.Exchanges;

/// <summary>
/// A text carried from a POST to the page its redirect opens, once: Django's messages framework with its cookie
/// storage, ASP.NET Core's TempData. Data-protected (the browser can neither read nor forge it), short-lived, HttpOnly,
/// SameSite=Strict, read once and deleted by the page that shows it. Never in the URL, where a crafted link could make
/// a page show something that never happened; never in the session, so showing an action changes no session.
/// </summary>
public sealed class OneTimeCookie(IDataProtectionProvider protection, string name, string purpose, string path)
{
    /// <summary>Long enough to follow the redirect; a cookie kept past it shows nothing.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    public string Name { get; } = name;

    private ITimeLimitedDataProtector Protector => protection.CreateProtector(purpose).ToTimeLimitedDataProtector();

    /// <summary>Keeps <paramref name="text"/> for the next page of this browser (call before the response starts).</summary>
    public void Put(HttpContext context, string text) =>
        context.Response.Cookies.Append(Name, Protector.Protect(text, Lifetime), Options(context));

    /// <summary>The text the last POST left, once: the cookie is deleted; anything not protected by this app is nothing.</summary>
    public string? Take(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(Name, out var value))
        {
            return null;
        }
        if (!context.Response.HasStarted)
        {
            context.Response.Cookies.Delete(Name, Options(context));
        }
        try
        {
            return Protector.Unprotect(value);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private CookieOptions Options(HttpContext context) => new()
    {
        Path = path,
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        IsEssential = true,
    };
}
