using Bunit;
using BlazorSessionDemo.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Forms.Mapping;
using Microsoft.AspNetCore.Http;

namespace BlazorSessionDemo.Tests.Components;

/// <summary>
/// A bUnit context set up as the account pages run under static SSR on a GET: the request is a cascading
/// <see cref="HttpContext"/> (what <c>[CascadingParameter] HttpContext</c> receives), forms get the framework's form
/// mapping context with no posted form, antiforgery is the real service, and accounts are the
/// <see cref="ComponentStore"/>'s. Each test owns one host and one store.
/// </summary>
public sealed class AccountPageHost : IDisposable
{
    public AccountPageHost()
    {
        Ui.Services.AddAntiforgery();
        Ui.Services.AddSupplyValueFromFormProvider();
        Ui.Services.AddSingleton<IFormValueMapper, NoFormPostValueMapper>();
        Ui.Services.AddSingleton(Store.Accounts);
        Ui.Services.AddSingleton(new BlazorSessionDemo.Auth.Lockout.LoginAttempts(Store.Accounts,
            new BlazorSessionDemo.Auth.Lockout.LoginThrottle(Microsoft.Extensions.Options.Options.Create(new AuthSettings()), Store.Time),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<BlazorSessionDemo.Auth.Lockout.LoginAttempts>.Instance));
        // Login notes its exchange for the page it redirects to ("what just happened").
        Ui.Services.AddSingleton(new BlazorSessionDemo.Exchanges.ExchangeRecorder(
            new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider(),
            Microsoft.Extensions.Options.Options.Create(new DjangoSessions.DjangoSessionSettings()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<BlazorSessionDemo.Exchanges.ExchangeRecorder>.Instance));
        // Resolved at first render, so a test may replace Request until then.
        Ui.Services.AddScoped<AntiforgeryStateProvider>(
            services => new RequestAntiforgeryStateProvider(services.GetRequiredService<IAntiforgery>(), Request));
    }

    public BunitContext Ui { get; } = new();

    public ComponentStore Store { get; } = new();

    /// <summary>The bUnit navigation manager: <c>NavigateTo</c> lands here instead of in a browser.</summary>
    public NavigationManager Navigation => Ui.Services.GetRequiredService<NavigationManager>();

    /// <summary>The request the page renders for: anonymous, without a session, unless a test sets another.</summary>
    public DefaultHttpContext Request { get; set; } = new();

    /// <summary>
    /// Renders page <typeparamref name="TPage"/> for <see cref="Request"/>. Register further services before the
    /// first render (or first use of <see cref="Navigation"/>): bUnit builds its service provider then.
    /// </summary>
    public IRenderedComponent<TPage> Render<TPage>() where TPage : IComponent
    {
        Request.RequestServices = Ui.Services;
        return Ui.Render<TPage>(parameters => parameters.AddCascadingValue<HttpContext>(Request));
    }

    public void Dispose()
    {
        Ui.Dispose();
        Store.Dispose();
    }
}
