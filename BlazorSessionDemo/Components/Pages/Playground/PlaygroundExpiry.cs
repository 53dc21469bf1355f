using System.Globalization;

namespace BlazorSessionDemo.Components.Pages.Playground;

/// <summary>
/// The argument of <c>set_expiry</c> as typed: an integer (seconds of inactivity; 0 = until the browser closes),
/// <c>None</c> (back to the settings), or an absolute date (taken as UTC when it names no offset).
/// </summary>
public sealed record PlaygroundExpiry(int? Seconds, DateTimeOffset? Date)
{
    public static bool TryParse(string? text, out PlaygroundExpiry expiry)
    {
        var value = text?.Trim() ?? "";
        expiry = new PlaygroundExpiry(null, null);
        if (value.Length == 0 || value.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            expiry = new PlaygroundExpiry(seconds, null);
            return true;
        }
        // A date needs at least a year, a month and a day: "12" alone must not read as a date.
        if (value.Length >= 10 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            expiry = new PlaygroundExpiry(null, date);
            return true;
        }
        return false;
    }
}
