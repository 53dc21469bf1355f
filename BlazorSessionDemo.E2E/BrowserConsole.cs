using Microsoft.Playwright;

namespace BlazorSessionDemo.E2E;

/// <summary>What a page reports as broken: console errors and uncaught exceptions (a failing circuit shows up here first).</summary>
public static class BrowserConsole
{
    /// <summary>
    /// A list that fills while the page runs; check it at the end of the flow. Chromium's own request for
    /// <c>/favicon.ico</c> (once per origin per browser, so whichever test comes first on an app sees it) is left out:
    /// the app serves no icon, and that 404 says nothing about the page.
    /// </summary>
    public static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !IsFaviconRequest(message.Location))
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    // Playwright's location is "<url>:<line>:<column>".
    private static bool IsFaviconRequest(string location)
    {
        var url = location;
        for (var i = 0; i < 2 && url.LastIndexOf(':') is var colon and > 0; i++)
        {
            url = url[..colon];
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/favicon.ico";
    }
}
