using System.Security.Claims;
using DjangoSessions.Catalog;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// The identity of a session login, whose claims are made the first time anything reads them, as Django's
/// <c>AuthenticationMiddleware</c> makes <c>request.user</c> a <c>SimpleLazyObject</c>. Whether the request is
/// authenticated needs no claim (the authentication type says so), so a view that only asks that (the seed's
/// <c>test1</c>, <c>Cache-Control: no-store</c>) makes none: no claim objects, and no session fingerprint looked up.
/// </summary>
/// <remarks>
/// Every member of <see cref="ClaimsIdentity"/> that reads or changes the claims is overridden to make them first, so
/// nothing can tell the claims were late: the same claims, in the same order, made with this identity as their subject,
/// from what the handler had verified (the user and the session key as they were then, even if the key is cycled
/// later in the request). Made once under the identity's own monitor: a circuit may read its principal from two
/// threads, and neither may see half the list.
/// </remarks>
public sealed class SessionLoginIdentity : ClaimsIdentity
{
    private readonly CachedUser _user;
    private readonly string? _sessionKey;
    private readonly SessionIdentity? _sessions;
    private volatile bool _made;

    /// <param name="user">The verified, active user.</param>
    /// <param name="sessionKey">The session's key when it was verified: its fingerprint becomes a claim.</param>
    /// <param name="sessions">How fingerprints are made (null: no fingerprint claim).</param>
    public SessionLoginIdentity(CachedUser user, string? sessionKey, SessionIdentity? sessions)
        : base(SessionAuthenticationHandler.SchemeName)
    {
        _user = user;
        _sessionKey = sessionKey;
        _sessions = sessions;
    }

    /// <summary>Whether the claims have been made (something read them); for tests and the curious.</summary>
    public bool ClaimsMade => _made;

    /// <summary>
    /// Makes the claims too: <c>new ClaimsIdentity(identity)</c> copies the base class's private claim list directly,
    /// right after reading this property, so a copy never misses them. <see cref="ClaimsIdentity.IsAuthenticated"/>
    /// reads the field, not this property, and still makes none.
    /// </summary>
    public override string? AuthenticationType
    {
        get
        {
            EnsureMade();
            return base.AuthenticationType;
        }
    }

    public override IEnumerable<Claim> Claims
    {
        get
        {
            EnsureMade();
            return base.Claims;
        }
    }

    public override Claim? FindFirst(string type)
    {
        EnsureMade();
        return base.FindFirst(type);
    }

    public override Claim? FindFirst(Predicate<Claim> match)
    {
        EnsureMade();
        return base.FindFirst(match);
    }

    public override IEnumerable<Claim> FindAll(string type)
    {
        EnsureMade();
        return base.FindAll(type);
    }

    public override IEnumerable<Claim> FindAll(Predicate<Claim> match)
    {
        EnsureMade();
        return base.FindAll(match);
    }

    public override bool HasClaim(string type, string value)
    {
        EnsureMade();
        return base.HasClaim(type, value);
    }

    public override bool HasClaim(Predicate<Claim> match)
    {
        EnsureMade();
        return base.HasClaim(match);
    }

    public override void AddClaim(Claim claim)
    {
        EnsureMade();
        base.AddClaim(claim);
    }

    public override void AddClaims(IEnumerable<Claim?> claims)
    {
        EnsureMade();
        base.AddClaims(claims);
    }

    public override void RemoveClaim(Claim? claim)
    {
        EnsureMade();
        base.RemoveClaim(claim);
    }

    public override bool TryRemoveClaim(Claim? claim)
    {
        EnsureMade();
        return base.TryRemoveClaim(claim);
    }

    public override ClaimsIdentity Clone()
    {
        EnsureMade();
        return base.Clone();
    }

    public override void WriteTo(BinaryWriter writer)
    {
        EnsureMade();
        base.WriteTo(writer);
    }

    protected override void WriteTo(BinaryWriter writer, byte[]? userData)
    {
        EnsureMade();
        base.WriteTo(writer, userData);
    }

    /// <summary>Makes the claims once; every override above calls this, then the base class's member.</summary>
    private void EnsureMade()
    {
        if (_made)
        {
            return;
        }
        lock (this)
        {
            if (!_made)
            {
                MakeClaims();
                _made = true;
            }
        }
    }

    private void MakeClaims()
    {
        var user = _user.User;
        // Each claim made with this identity as its subject: ClaimsIdentity copies any claim whose subject is another.
        Add(ClaimTypes.NameIdentifier, _user.IdText);
        Add(ClaimTypes.Name, user.Username);
        Add(ClaimTypes.Email, user.Email);
        // Only staff carry the claim (everything asks HasClaim(StaffClaim, "true")).
        if (user.IsStaff)
        {
            Add(SessionAuthenticationHandler.StaffClaim, "true");
        }
        if (_sessions?.FingerprintOf(_sessionKey) is { } fingerprint)
        {
            Add(SessionAuthenticationHandler.SessionFingerprintClaim, fingerprint);
        }
    }

    // As new Claim(type, value) would make it (a string from the local authority), but already this identity's own.
    private void Add(string type, string value) =>
        base.AddClaim(new Claim(type, value, ClaimValueTypes.String, DefaultIssuer, DefaultIssuer, this));
}
