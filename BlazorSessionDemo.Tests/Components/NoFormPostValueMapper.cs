using Microsoft.AspNetCore.Components.Forms.Mapping;

namespace BlazorSessionDemo.Tests.Components;

/// <summary>
/// The form-value mapper of a GET request: there is no posted form, so nothing can be mapped and every
/// <c>[SupplyParameterFromForm]</c> property stays unset, as when a browser first opens the page. Registering a mapper
/// with <c>AddSupplyValueFromFormProvider()</c> gives components the framework's <c>FormMappingContext</c>, which is
/// what makes an <c>EditForm</c> with a <c>FormName</c> render as under static SSR (its <c>_handler</c> field and its
/// own antiforgery token). bUnit has no model binding from a posted body; the POST itself is covered in the browser.
/// </summary>
public sealed class NoFormPostValueMapper : IFormValueMapper
{
    public bool CanMap(Type valueType, string scopeName, string? formName) => false;

    public void Map(FormValueMappingContext context) =>
        throw new InvalidOperationException("A GET request has no form to map.");
}
