using System.Text.Json;
using DjangoSessions;
using DjangoSessions.Engines.SignedCookies;

namespace BlazorSessionDemo.Components.Pages.Playground;

/// <summary>
/// Opens a <see cref="StoredSessionRecord"/> with the codec that wrote it: <see cref="SessionDataCodec"/> for the
/// server-side engines, the signed_cookies engine's own codec for a cookie (its payload, without the hidden id entry).
/// </summary>
public sealed class StoredRecordDecoder(SessionDataCodec codec, SignedCookieCodec? cookieCodec)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The decoded data as indented JSON, or null when there is nothing this app can decode.</summary>
    public string? Decode(StoredSessionRecord record)
    {
        if (record.SessionData.Length == 0)
        {
            return null;
        }
        if (record.Format == StoredSessionFormat.SignedCookie)
        {
            return cookieCodec?.Verify(record.SessionData)?.Data.ToJsonString(Indented);
        }
        return codec.Decode(record.SessionData).ToJsonString(Indented);
    }
}
