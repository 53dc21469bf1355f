using System.Globalization;
using System.Security.Claims;
using DjangoSessions.Http;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// The seed's <c>@authenticate</c> decorator as an endpoint filter: 401 unless the request is an authenticated session
/// user (every reserved key checked, see <see cref="SessionAuthenticationHandler"/>) and the session's <c>user_id</c>
/// is that same user - a bare <c>user_id</c> is not a login. The view never runs otherwise.
/// </summary>
public sealed class AuthenticateFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated != true
            || !long.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var principalId)
            || !http.HasDjangoSession()
            || (await http.GetDjangoSessionAsync()).GetUserId() != principalId)
        {
            return Results.Json(new { error = "authentication required" }, statusCode: StatusCodes.Status401Unauthorized);
        }
        return await next(context);
    }
}

public static class AuthenticateFilterExtensions
{
    /// <summary>Marks an endpoint with <see cref="AuthenticateFilter"/>.</summary>
    public static TBuilder RequireSessionUser<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, AuthenticateFilter>();
}
