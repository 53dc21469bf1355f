using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http;

namespace BlazorSessionDemo.Tests.Components;

/// <summary>
/// What <c>&lt;AntiforgeryToken /&gt;</c> reads its token from. Under <c>MapRazorComponents</c> the framework's own
/// provider (internal to ASP.NET Core) asks <see cref="IAntiforgery"/> for the request's token set; this one does the
/// same with the real antiforgery services, so a rendered page carries a token that the real validation accepts.
/// </summary>
public sealed class RequestAntiforgeryStateProvider(IAntiforgery antiforgery, HttpContext request) : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken? GetAntiforgeryToken()
    {
        var tokens = antiforgery.GetAndStoreTokens(request);
        return new AntiforgeryRequestToken(tokens.RequestToken!, tokens.FormFieldName);
    }
}
