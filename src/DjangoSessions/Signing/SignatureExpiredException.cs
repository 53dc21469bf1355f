namespace DjangoSessions.Signing;

/// <summary>
/// django.core.signing.SignatureExpired: a correctly signed value older than the <c>max_age</c> it was loaded with.
/// A subclass of <see cref="BadSignatureException"/> as in Django, so callers that only care "is it valid" need one catch;
/// callers that log tampering can tell plain ageing apart.
/// </summary>
internal sealed class SignatureExpiredException(string message) : BadSignatureException(message);
