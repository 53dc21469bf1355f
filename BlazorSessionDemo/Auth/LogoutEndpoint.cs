using BlazorSessionDemo.Exchanges;
using DjangoSessions.Http;
using Microsoft.AspNetCore.Antiforgery;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// <c>POST /logout</c> (form, antiforgery): flush() - the stored session is deleted and the cookie removed - then back
/// to the login page. POST only, as Django 5's LogoutView: a GET (a link, an <c>img</c> tag) must never log anyone out.
/// </summary>
public static class LogoutEndpoint
{
    public static IEndpointRouteBuilder MapLogout(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/logout", (HttpContext context) =>
        {
            context.Response.Headers.Allow = "POST";
            return Results.Text("Logging out takes a POST: use the Log out button.", statusCode: StatusCodes.Status405MethodNotAllowed);
        });
        endpoints.MapPost("/logout", async (HttpContext context, ExchangeRecorder exchange) =>
            {
                // UseAntiforgery only records its verdict; an endpoint that binds no form must refuse a failed one itself.
                if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
                {
                    return Results.Text("Missing or invalid antiforgery token.", statusCode: StatusCodes.Status400BadRequest);
                }
                if (context.HasDjangoSession())
                {
                    // The login page it redirects to shows the flush: key before, no key after, the cookie deleted.
                    await exchange.BeginAsync(context, "logout");
                    var session = await context.GetDjangoSessionAsync();
                    await session.FlushAsync(context.RequestAborted);
                }
                return Results.Redirect("/login?loggedOut=1");
            })
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        return endpoints;
    }
}
