namespace BlazorSessionDemo.Components.Shared.Exchange;

/// <summary>
/// On a page that places its own <c>ExchangePanel</c> beside its actions: the layout then leaves it out.
/// Other pages (where a login or logout redirects to) get the panel from the layout, above their content, as
/// Django's base template shows <c>messages</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ShowsExchangeAttribute : Attribute;
