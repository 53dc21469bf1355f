namespace BlazorSessionDemo.Auth;

/// <summary>
/// The seed's <c>@authenticate</c> decorator as an endpoint filter: no session user → 401, the view never runs.
/// </summary>
public sealed class AuthenticateFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.User.Identity?.IsAuthenticated != true)
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
