using System.Text.RegularExpressions;

namespace BlazorSessionDemo.Tests.Passwords;

/// <summary>The forms these tests post as a browser does: /account/password, and /login with or without "remember me".</summary>
public static partial class PasswordForms
{
    public const string ChangePath = "/account/password";

    public static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string newPassword, string? confirm = null) =>
        AntiforgeryForm.PostAsync(client, ChangePath, "change-password", new()
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmPassword"] = confirm ?? newPassword,
        });

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string username, string password, bool rememberMe) =>
        AntiforgeryForm.PostAsync(client, "/login", "login", new()
        {
            ["Input.Username"] = username,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = rememberMe ? "true" : "false",
        });

    /// <summary>The validation messages rendered right after the input <paramref name="inputId"/> (Blazor's ValidationMessage).</summary>
    public static IReadOnlyList<string> MessagesAt(string page, string inputId)
    {
        var input = page.IndexOf($"id=\"{inputId}\"", StringComparison.Ordinal);
        Assert.True(input >= 0, $"No input #{inputId} on the page.");
        // The field ends where the next one (or the form) starts.
        var next = page.IndexOf("<div class=\"field", input, StringComparison.Ordinal);
        var field = page[input..(next >= 0 ? next : page.IndexOf("</form>", input, StringComparison.Ordinal))];
        return [.. MessagePattern().Matches(field).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];
    }

    [GeneratedRegex("<div class=\"validation-message\">([^<]*)</div>")]
    private static partial Regex MessagePattern();
}
