namespace BlazorSessionDemo.Exchanges;

/// <summary>Long values (a signed_cookies key is the whole signed session) cut for a panel: both ends kept, length said.</summary>
public static class ShownText
{
    /// <summary><paramref name="text"/> whole when short; otherwise its start, "…", its end and its length.</summary>
    public static string? Cut(string? text, int max = 48)
    {
        if (text is null || text.Length <= max)
        {
            return text;
        }
        var tail = max / 4;
        return $"{text[..(max - tail)]}…{text[^tail..]} ({text.Length} characters)";
    }

    /// <summary>
    /// A <c>Set-Cookie</c> line with its value cut and its attributes whole: the attributes are the lesson (Max-Age,
    /// Path, HttpOnly, SameSite), and a signed_cookies value can be 4 KB.
    /// </summary>
    public static string SetCookieLine(string header)
    {
        var semicolon = header.IndexOf(';');
        var pair = semicolon < 0 ? header : header[..semicolon];
        var attributes = semicolon < 0 ? "" : header[semicolon..];
        var equals = pair.IndexOf('=');
        return equals < 0 ? Cut(header, 200)! : pair[..(equals + 1)] + Cut(pair[(equals + 1)..]) + Cut(attributes, 200);
    }
}
