using Microsoft.Playwright;

namespace BlazorSessionDemo.E2E;

/// <summary>What a page reports as broken: console errors and uncaught exceptions (a failing circuit shows up here first).</summary>
public static class BrowserConsole
{
    /// <summary>A list that fills while the page runs; check it at the end of the flow.</summary>
    public static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }
}
