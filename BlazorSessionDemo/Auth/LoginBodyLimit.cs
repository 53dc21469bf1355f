namespace BlazorSessionDemo.Auth;

/// <summary>
/// A size limit on the password forms (<c>POST /login</c>, <c>POST /account/password</c>), checked before the antiforgery check or the form binder reads the body: a
/// megabyte "password" is a fast 400, never parsed, validated or hashed. (<c>/api/login</c> has its own limit, see
/// <c>LoginRequest.MaxBodyBytes</c>.) Without a Content-Length (chunked) the body is read up to the limit and kept
/// in memory for the form reader.
/// </summary>
public sealed class LoginBodyLimit(RequestDelegate next, ILogger<LoginBodyLimit> logger)
{
    /// <summary>Far above any real login form (token, two fields of at most 254 and 1024 characters, encoded).</summary>
    public const int MaxFormBytes = 16 * 1024;

    public const string Message = "The form is too large: a username or email is at most 254 characters, a password at most 1024.";

    // Not async on the way through: only a password form's post is looked at.
    public Task InvokeAsync(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && IsPasswordForm(context.Request.Path) ? CheckAsync(context) : next(context);

    private async Task CheckAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > MaxFormBytes || (request.ContentLength is null && !await FitsAsync(request, context.RequestAborted)))
        {
            AuthLog.LoginBodyTooLarge(logger, MaxFormBytes);
            // A page in the app's look, not a bare text answer; the form can't be shown again (its body was never read).
            await Api.StyledStatusPage.WriteAsync(context, StatusCodes.Status400BadRequest, Message, request.Path, "Back to the form");
            return;
        }
        await next(context);
    }

    private static bool IsPasswordForm(PathString path) =>
        path.Equals("/login", StringComparison.OrdinalIgnoreCase) || path.Equals("/account/password", StringComparison.OrdinalIgnoreCase);

    private static async Task<bool> FitsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering(bufferThreshold: MaxFormBytes + 1);
        var chunk = new byte[4096];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxFormBytes)
            {
                return false;
            }
        }
        request.Body.Position = 0;
        return true;
    }
}
