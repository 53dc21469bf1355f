using System.Globalization;
using System.Text;

namespace BlazorSessionDemo.Components.Pages.Cookies;

/// <summary>
/// One validated cookie action: the <see cref="CookieOptions"/> for ASP.NET Core, and the same call written the
/// Django way and the .NET way, for the page to show beside the header it produced.
/// </summary>
public sealed record CookieCall(string Key, string? Value, CookieOptions Options, string DjangoCall, string DotNetCall)
{
    /// <summary>
    /// Mirrors <c>HttpResponseBase.set_cookie</c>: with max_age, Django also sends Expires = now + max_age
    /// ("IE requires expires"), so the .NET call sets both. Arguments left at Django's defaults are not written.
    /// </summary>
    public static CookieCall ForSet(SetCookieInput input, DateTimeOffset now)
    {
        var key = input.Key!;
        var value = input.Value ?? "";
        var path = input.Path!;
        var domain = string.IsNullOrEmpty(input.Domain) ? null : input.Domain;
        var options = new CookieOptions { Path = path, Domain = domain, Secure = input.Secure, HttpOnly = input.HttpOnly, SameSite = SameSite(input.SameSite) };
        var django = new List<string> { Py(key), Py(value) };
        var dotnet = new List<string>();
        if (!string.IsNullOrWhiteSpace(input.MaxAge))
        {
            var maxAge = int.Parse(input.MaxAge, CultureInfo.InvariantCulture);
            options.MaxAge = TimeSpan.FromSeconds(maxAge);
            options.Expires = now.AddSeconds(maxAge);
            django.Add($"max_age={maxAge}");
            dotnet.Add($"MaxAge = TimeSpan.FromSeconds({maxAge})");
            dotnet.Add($"Expires = time.GetUtcNow().AddSeconds({maxAge})");
        }
        else if (CookieRules.ParseExpires(input.Expires) is { } expires)
        {
            options.Expires = expires;
            django.Add(string.Create(CultureInfo.InvariantCulture, $"expires=datetime({expires:yyyy, M, d, H, m, s}, tzinfo=timezone.utc)"));
            dotnet.Add(string.Create(CultureInfo.InvariantCulture, $"Expires = DateTimeOffset.Parse(\"{expires:yyyy-MM-ddTHH:mm:ss}Z\")"));
        }
        AddPathAndDomain(django, dotnet, path, domain);
        if (input.Secure)
        {
            django.Add("secure=True");
            dotnet.Add("Secure = true");
        }
        if (input.HttpOnly)
        {
            django.Add("httponly=True");
            dotnet.Add("HttpOnly = true");
        }
        if (options.SameSite != SameSiteMode.Unspecified)
        {
            django.Add($"samesite={Py(input.SameSite!)}");
            dotnet.Add($"SameSite = SameSiteMode.{options.SameSite}");
        }
        var optionsText = dotnet.Count == 0 ? "new CookieOptions()" : $"new CookieOptions {{ {string.Join(", ", dotnet)} }}";
        return new CookieCall(key, value, options,
            $"response.set_cookie({string.Join(", ", django)})",
            $"Response.Cookies.Append({Cs(key)}, {Cs(value)}, {optionsText});");
    }

    // set_cookie and delete_cookie both name path (default '/') and domain (default None) only when they differ.
    private static void AddPathAndDomain(List<string> django, List<string> dotnet, string path, string? domain)
    {
        if (path != "/")
        {
            django.Add($"path={Py(path)}");
            dotnet.Add($"Path = {Cs(path)}");
        }
        if (domain is not null)
        {
            django.Add($"domain={Py(domain)}");
            dotnet.Add($"Domain = {Cs(domain)}");
        }
    }

    /// <summary>
    /// Mirrors <c>HttpResponseBase.delete_cookie(key, path='/', domain=None)</c>, which sends an empty value with both
    /// <c>Max-Age=0</c> and <c>expires=Thu, 01 Jan 1970 00:00:00 GMT</c>. ASP.NET Core's <c>Cookies.Delete</c> sends
    /// only the date, so the .NET call is an <c>Append</c> with both.
    /// </summary>
    public static CookieCall ForDelete(DeleteCookieInput input)
    {
        var key = input.Key!;
        var path = input.Path!;
        var domain = string.IsNullOrEmpty(input.Domain) ? null : input.Domain;
        var django = new List<string> { Py(key) };
        var dotnet = new List<string>();
        AddPathAndDomain(django, dotnet, path, domain);
        var options = new CookieOptions { Path = path, Domain = domain, Expires = DateTimeOffset.UnixEpoch, MaxAge = TimeSpan.Zero };
        dotnet.Add("Expires = DateTimeOffset.UnixEpoch");
        dotnet.Add("MaxAge = TimeSpan.Zero");
        var dotnetCall = $"Response.Cookies.Append({Cs(key)}, \"\", new CookieOptions {{ {string.Join(", ", dotnet)} }});";
        return new CookieCall(key, "", options, $"response.delete_cookie({string.Join(", ", django)})", dotnetCall);
    }

    /// <summary>Django's samesite=None (no argument) is ASP.NET Core's Unspecified: no attribute at all.</summary>
    public static SameSiteMode SameSite(string? sameSite) => sameSite switch
    {
        "Lax" => SameSiteMode.Lax,
        "Strict" => SameSiteMode.Strict,
        "None" => SameSiteMode.None,
        _ => SameSiteMode.Unspecified,
    };

    /// <summary>The Set-Cookie header this call added: the last one for the key (the antiforgery cookie may be there too).</summary>
    public string? HeaderIn(HttpResponse response) =>
        response.Headers.SetCookie.LastOrDefault(h => h is not null && h.StartsWith(Key + "=", StringComparison.Ordinal));

    /// <summary>ASP.NET Core percent-encodes the value (Uri.EscapeDataString); Django would quote it instead.</summary>
    public bool ValueIsEncoded => Value is not null && Uri.EscapeDataString(Value) != Value;

    private static string Py(string text) => Literal(text, '\'');

    private static string Cs(string text) => Literal(text, '"');

    private static string Literal(string text, char quote)
    {
        var builder = new StringBuilder().Append(quote);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                _ when c == quote => "\\" + quote,
                // Python's \xNN is exactly two digits; C#'s \x takes up to four, so C# gets \uNNNN.
                _ when (c < ' ' || c == 127) && quote == '\'' => $"\\x{(int)c:x2}",
                _ when c < ' ' || c == 127 => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return builder.Append(quote).ToString();
    }
}
