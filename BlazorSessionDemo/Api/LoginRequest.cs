using System.Text.Json;

namespace BlazorSessionDemo.Api;

/// <summary>The body of <c>POST /api/login</c>: <c>{"email": "...", "password": "..."}</c>, read defensively.</summary>
public sealed record LoginRequest(string Email, string Password)
{
    /// <summary>Far above any real login body; a larger one is refused before it is read whole.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    public static async Task<(LoginRequest? Request, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, "expected a JSON body (Content-Type: application/json)");
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, $"request body larger than {MaxBodyBytes} bytes");
        }
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return (null, $"request body larger than {MaxBodyBytes} bytes");
            }
        }
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("email", out var email) || email.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("password", out var password) || password.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(email.GetString()) || string.IsNullOrEmpty(password.GetString()))
            {
                return (null, "'email' and 'password' are required strings");
            }
            return (new LoginRequest(email.GetString()!, password.GetString()!), null);
        }
        catch (JsonException)
        {
            return (null, "malformed JSON");
        }
    }
}
