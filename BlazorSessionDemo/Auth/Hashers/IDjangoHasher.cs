namespace BlazorSessionDemo.Auth.Hashers;

/// <summary>
/// One of Django's password hashers (<c>django.contrib.auth.hashers</c>): it reads and checks stored strings of the form
/// <c>algorithm$...</c> for its <see cref="Algorithm"/>. Stored strings come from the database, which a Django site
/// shares: every field is parsed and bounded, and a string that does not parse is <see cref="HashCheck.Malformed"/>,
/// never an exception.
/// </summary>
public interface IDjangoHasher
{
    /// <summary>The prefix before the first <c>$</c>: Django's <c>BasePasswordHasher.algorithm</c>.</summary>
    string Algorithm { get; }

    /// <summary>Django's <c>verify(password, encoded)</c>; <see cref="HashCheck.Malformed"/> when <paramref name="encoded"/> does not parse (no work done).</summary>
    HashCheck Verify(string password, string encoded);
}

/// <summary>What checking a password against a stored string found.</summary>
public enum HashCheck
{
    Mismatch,
    Match,
    Malformed,
}
