using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace BlazorSessionDemo.Components.Pages.Cookies;

/// <summary>
/// An EditForm validator that puts <see cref="CookieRules"/>' messages at their fields. A component rather than
/// DataAnnotations because some rules span fields (SameSite=None needs Secure) and one needs the app's
/// configured cookie names; on a failed submit EditForm then skips OnValidSubmit, so nothing is set.
/// </summary>
public sealed class CookieRulesValidator : ComponentBase, IDisposable
{
    private ValidationMessageStore? store;
    private EditContext? subscribed;

    [CascadingParameter]
    private EditContext EditContext { get; set; } = default!;

    /// <summary>Checks the form's model and returns one message per offending field.</summary>
    [Parameter, EditorRequired]
    public Func<IReadOnlyList<FieldError>> Validate { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (subscribed == EditContext)
        {
            return;
        }
        if (EditContext is null)
        {
            throw new InvalidOperationException($"{nameof(CookieRulesValidator)} must sit inside an EditForm.");
        }
        store = new ValidationMessageStore(EditContext);
        EditContext.OnValidationRequested += OnValidationRequested;
        subscribed = EditContext;
    }

    private void OnValidationRequested(object? sender, ValidationRequestedEventArgs e)
    {
        store!.Clear();
        foreach (var error in Validate())
        {
            store.Add(EditContext.Field(error.Field), error.Message);
        }
        EditContext.NotifyValidationStateChanged();
    }

    public void Dispose()
    {
        if (subscribed is not null)
        {
            subscribed.OnValidationRequested -= OnValidationRequested;
        }
    }
}
