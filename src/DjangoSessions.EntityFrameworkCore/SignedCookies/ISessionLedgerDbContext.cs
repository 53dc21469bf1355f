using Microsoft.EntityFrameworkCore;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// Implemented by the app's DbContext to host the signed_cookies revocation ledger (as <c>ISessionDbContext</c> hosts
/// Django's session table): the framework owns the mapping (<see cref="SessionLedgerModel"/>), the app owns the context
/// and its migrations.
/// </summary>
public interface ISessionLedgerDbContext
{
    /// <summary>The <c>revoked_sessions</c> table.</summary>
    DbSet<RevokedSession> RevokedSessions { get; }
}
