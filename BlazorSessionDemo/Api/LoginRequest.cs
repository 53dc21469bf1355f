namespace BlazorSessionDemo.Api;

/// <summary>The body of <c>POST /api/login</c>: <c>{"email": "...", "password": "..."}</c>, read defensively.</summary>
public sealed record LoginRequest(string Email, string Password)
{
    /// <summary>Far above any real login body; a larger one is refused before it is read whole.</summary>
    public const int MaxBodyBytes = ApiJsonBody.MaxBodyBytes;

    private static readonly string[] Fields = ["email", "password"];

    public static async Task<(LoginRequest? Request, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (fields, error) = await ApiJsonBody.ReadObjectAsync(request, Fields, allowEmpty: false, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }
        var email = ApiJsonBody.GetString(fields!, "email");
        var password = ApiJsonBody.GetString(fields!, "password");
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            return (null, "'email' and 'password' are required strings");
        }
        return (new LoginRequest(email, password), null);
    }
}
