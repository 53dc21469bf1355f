namespace BlazorSessionDemo.Components.Shared.Exchange;

/// <summary>
/// On a page that promises never to show a session key (the session lists show fingerprints only): the layout's
/// "what just happened" panel, which shows the keys and the <c>Set-Cookie</c> of the last exchange, is left out and its
/// record dropped, so a login redirected there (<c>returnUrl</c>) puts no key in that page's HTML either.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ShowsNoSessionKeyAttribute : Attribute;
