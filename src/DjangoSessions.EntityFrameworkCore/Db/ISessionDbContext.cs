using Microsoft.EntityFrameworkCore;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// Implemented by the app's DbContext to host Django's session table (as Data Protection's
/// <c>IDataProtectionKeyContext</c>): the framework owns the mapping, the app owns the context and its migrations.
/// </summary>
public interface ISessionDbContext
{
    /// <summary>Django's <c>django_session</c> table.</summary>
    DbSet<DjangoSessionRow> DjangoSessions { get; }
}
