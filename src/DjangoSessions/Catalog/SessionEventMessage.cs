using System.Text.Json;

namespace DjangoSessions.Catalog;

/// <summary>
/// A <see cref="SessionEvent"/> on its way between nodes: the event and the node that published it, so a node ignores
/// its own messages when the transport echoes them back (Redis pub/sub delivers to every subscriber, the sender too).
/// Carries what the event carries - a fingerprint, never a session key - so whoever can read the channel learns nothing
/// that lets them use a session.
/// </summary>
public sealed record SessionEventMessage(string Origin, SessionEvent Event)
{
    // Larger than any message this code writes (an origin, a kind, a 12-digit fingerprint, a 64-character user id).
    private const int MaxLength = 512;

    /// <summary>The compact JSON form transports send.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Wire(Origin, Event.Kind.ToString(), Event.Fingerprint, Event.UserId, Event.Reason?.ToString()),
        SessionEventMessageJson.Default.Wire);

    /// <summary>
    /// Reads <paramref name="json"/> back, or null when it is not a message this code would have written (anything on a
    /// shared channel is input: an unknown kind, a fingerprint that is not 12 hex digits, oversized text are all dropped).
    /// </summary>
    public static SessionEventMessage? TryParse(string? json)
    {
        if (string.IsNullOrEmpty(json) || json.Length > MaxLength)
        {
            return null;
        }
        Wire? wire;
        try
        {
            wire = JsonSerializer.Deserialize(json, SessionEventMessageJson.Default.Wire);
        }
        catch (JsonException)
        {
            return null;
        }
        if (wire is null || string.IsNullOrEmpty(wire.O) || wire.O.Length > 64
            || !Enum.TryParse<SessionEventKind>(wire.K, out var kind) || !Enum.IsDefined(kind) || int.TryParse(wire.K, out _)
            || !IsFingerprint(wire.F, allowEmpty: !IsAboutOneSession(kind)) || wire.U is { Length: > 64 })
        {
            return null;
        }
        SessionEndReason? reason = null;
        if (wire.R is not null)
        {
            if (!Enum.TryParse<SessionEndReason>(wire.R, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(wire.R, out _))
            {
                return null;
            }
            reason = parsed;
        }
        return new SessionEventMessage(wire.O, new SessionEvent(kind, wire.F!, wire.U, reason));
    }

    // Every kind but an account's change names a session.
    private static bool IsAboutOneSession(SessionEventKind kind) => kind is not SessionEventKind.AccountChanged;

    private static bool IsFingerprint(string? text, bool allowEmpty) =>
        text is not null && (text.Length == 0 ? allowEmpty : text.Length == SessionFingerprint.Length && text.All(char.IsAsciiHexDigitLower));

    internal sealed record Wire(string O, string K, string? F, string? U, string? R);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(SessionEventMessage.Wire))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class SessionEventMessageJson : System.Text.Json.Serialization.JsonSerializerContext;
