using BlazorSessionDemo.Sessions.Engines.Db;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Data;

/// <summary>The app's SQLite database; hosts Django's <c>django_session</c> table for the db engine.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options), ISessionDbContext
{
    public DbSet<DjangoSessionRow> DjangoSessions => Set<DjangoSessionRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDjangoSessions();
}
