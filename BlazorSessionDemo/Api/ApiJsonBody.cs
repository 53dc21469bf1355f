using System.Text.Json;
using System.Text.Unicode;

namespace BlazorSessionDemo.Api;

/// <summary>
/// Reads an API request body the one strict way every endpoint shares: a JSON object (<c>Content-Type:
/// application/json</c>) of at most <see cref="MaxBodyBytes"/>, valid UTF-8, each field at most once and only the
/// fields the endpoint knows. Anything else is an error message for a 400, never an exception (a 500).
/// </summary>
public static class ApiJsonBody
{
    /// <summary>Far above any real API body; a larger one is refused before it is read whole.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    /// <summary>
    /// The body's fields (cloned, so they outlive the parsed document), or the reason it was refused. An empty body is
    /// null fields and no error when <paramref name="allowEmpty"/>, whatever its content type.
    /// </summary>
    public static async Task<(IReadOnlyDictionary<string, JsonElement>? Fields, string? Error)> ReadObjectAsync(
        HttpRequest request, IReadOnlyCollection<string> knownFields, bool allowEmpty, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge);
        }
        var (bytes, tooLarge) = await ReadBoundedAsync(request.Body, cancellationToken);
        if (tooLarge)
        {
            return (null, TooLarge);
        }
        if (bytes.Length == 0 && allowEmpty)
        {
            return (null, null);
        }
        if (!request.HasJsonContentType())
        {
            return (null, "expected a JSON body (Content-Type: application/json)");
        }
        // System.Text.Json only notices invalid UTF-8 when a string is materialised, as an InvalidOperationException.
        if (!Utf8.IsValid(bytes))
        {
            return (null, "request body is not valid UTF-8");
        }
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "expected a JSON object");
            }
            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!knownFields.Contains(property.Name))
                {
                    // Unknown fields are refused, not ignored: a typo ("pasword") or a field this API doesn't have
                    // ("is_staff") must not look like it was accepted.
                    return (null, knownFields.Count == 0
                        ? "this endpoint takes no fields"
                        : $"unknown field '{Printable(property.Name)}' (expected: {string.Join(", ", knownFields)})");
                }
                if (!fields.TryAdd(property.Name, property.Value.Clone()))
                {
                    // Parsers disagree on which duplicate wins; an ambiguous body is refused instead.
                    return (null, $"duplicate field '{property.Name}'");
                }
            }
            return (fields, null);
        }
        catch (JsonException)
        {
            return (null, "malformed JSON");
        }
    }

    /// <summary>A field's string value, or null when it is absent, not a string, or not valid text (a lone surrogate).</summary>
    public static string? GetString(IReadOnlyDictionary<string, JsonElement> fields, string name)
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // "\ud800": escaped, so valid UTF-8 on the wire, but no .NET string can hold it faithfully.
        }
    }

    private static string TooLarge => $"request body larger than {MaxBodyBytes} bytes";

    private static async Task<(byte[] Bytes, bool TooLarge)> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return ([], true); // chunked or lying Content-Length: the limit holds while reading
            }
        }
        return (buffer.ToArray(), false);
    }

    private static string Printable(string name) =>
        name.Length > 40 || name.Any(char.IsControl) ? "(unprintable or long name)" : name;
}
