namespace BlazorSessionDemo.Api;

/// <summary>
/// For API endpoints that take no input (<c>logout</c>, <c>test1</c>, <c>me</c>): no body, an empty one, or an empty
/// JSON object <c>{}</c> (what many HTTP clients send by default) are fine; anything else - malformed JSON, fields,
/// another content type, a huge body - is a 400 with the reason, before the endpoint (or its login check) runs.
/// </summary>
public sealed class NoRequestBodyFilter : IEndpointFilter
{
    // A request that can't have a body (a GET, a POST with no Content-Length) goes straight on, without a state machine.
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true }
            ? CheckBodyAsync(context, next)
            : next(context);

    private static async ValueTask<object?> CheckBodyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var (_, error) = await ApiJsonBody.ReadObjectAsync(context.HttpContext.Request, [], allowEmpty: true, context.HttpContext.RequestAborted);
        if (error is not null)
        {
            return Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);
        }
        return await next(context);
    }
}

public static class NoRequestBodyFilterExtensions
{
    // Stateless, so one instance serves every request (the by-type overload builds a filter per request).
    private static readonly NoRequestBodyFilter Instance = new();

    /// <summary>Marks an endpoint with <see cref="NoRequestBodyFilter"/>; add it before other filters so it runs first.</summary>
    public static TBuilder AcceptsNoBody<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(Instance);
}
