using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Auth.Lockout;

/// <summary>
/// A row of <c>login_failures</c>: one counted login attempt of one partition (hashed: no login text is stored),
/// with its token (to refund it) and its time in Unix milliseconds on the app's clock.
/// </summary>
public sealed class LoginFailure
{
    public long Id { get; set; }

    public required string Partition { get; set; }

    public required string Token { get; set; }

    public long AttemptedAt { get; set; }

    /// <summary>Maps <c>login_failures</c>: the lookup index is (partition_key, attempted_at); the prune index attempted_at.</summary>
    public static void Map(ModelBuilder modelBuilder) => modelBuilder.Entity<LoginFailure>(row =>
    {
        row.ToTable("login_failures");
        row.HasKey(r => r.Id);
        row.Property(r => r.Id).HasColumnName("id");
        row.Property(r => r.Partition).HasColumnName("partition_key").HasMaxLength(32);
        row.Property(r => r.Token).HasColumnName("token").HasMaxLength(32);
        row.Property(r => r.AttemptedAt).HasColumnName("attempted_at");
        row.HasIndex(r => new { r.Partition, r.AttemptedAt }).HasDatabaseName("login_failures_partition_key_attempted_at");
        row.HasIndex(r => r.AttemptedAt).HasDatabaseName("login_failures_attempted_at");
    });
}
