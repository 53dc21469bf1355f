using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Sessions.Signing;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Sessions;

/// <summary>
/// SessionBase.encode / decode: the session dict as Django's <c>signing.dumps(..., compress=True)</c> with salt
/// <c>django.contrib.sessions.SessionStore</c> (every Django engine class is named SessionStore, so they share it).
/// Decoding never throws: tampered or foreign data is an empty session plus a warning, as Django logs to
/// <c>django.security.SuspiciousSession</c>.
/// </summary>
public sealed class SessionDataCodec
{
    public const string Salt = "django.contrib.sessions.SessionStore";
    public const string SecurityLogCategory = "Security";

    private readonly DjangoSigner _signer;
    private readonly ILogger _securityLog;

    public SessionDataCodec(DjangoSigner signer, ILoggerFactory loggers)
    {
        _signer = signer;
        _securityLog = loggers.CreateLogger(SecurityLogCategory);
    }

    public string Encode(JsonObject data) => _signer.Dumps(PythonJson.Serialize(data));

    public JsonObject Decode(string sessionData)
    {
        try
        {
            if (JsonNode.Parse(_signer.Loads(sessionData)) is JsonObject data)
            {
                return data;
            }
            SessionLog.SessionDataCorrupted(_securityLog, "payload is not a JSON object");
        }
        catch (BadSignatureException ex)
        {
            SessionLog.SessionDataCorrupted(_securityLog, ex.Message);
        }
        catch (JsonException ex)
        {
            SessionLog.SessionDataCorrupted(_securityLog, ex.Message);
        }
        return [];
    }
}
