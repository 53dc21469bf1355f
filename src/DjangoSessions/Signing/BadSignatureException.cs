namespace DjangoSessions.Signing;

/// <summary>django.core.signing.BadSignature: the value was tampered with, signed with another key, or is not a signed value.</summary>
internal class BadSignatureException(string message, Exception? inner = null) : Exception(message, inner);
