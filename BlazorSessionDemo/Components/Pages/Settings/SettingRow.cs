namespace BlazorSessionDemo.Components.Pages.Settings;

/// <summary>One line of the settings page: a Django setting, where it lives in our configuration, and its values.</summary>
/// <param name="DjangoName">The Django setting, e.g. <c>SESSION_COOKIE_AGE</c>.</param>
/// <param name="ConfigKey">The key in the <c>Session</c> configuration section, e.g. <c>Session:CookieAge</c>.</param>
/// <param name="DjangoDefault">Django's default, written as in <c>settings.py</c>.</param>
/// <param name="Active">The value this app runs with; never a secret itself, only whether one is set.</param>
/// <param name="Meaning">One line on what the setting does.</param>
/// <param name="Changed">The active value differs from Django's default (never set for settings Django has not).</param>
public sealed record SettingRow(string DjangoName, string ConfigKey, string DjangoDefault, string Active, string Meaning,
    bool Changed = false);
