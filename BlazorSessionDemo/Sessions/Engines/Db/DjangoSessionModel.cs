using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BlazorSessionDemo.Sessions.Engines.Db;

/// <summary>
/// Maps <see cref="DjangoSessionRow"/> exactly as Django's migration creates it:
/// <c>django_session(session_key varchar(40) PK, session_data text, expire_date datetime)</c> plus the
/// <c>django_session_expire_date</c> index, so a Django app can share the table.
/// </summary>
public static class DjangoSessionModel
{
    // Django's SQLite backend writes str(datetime): microseconds, no offset (UTC with USE_TZ), and drops
    // the fraction when it is zero. Fixed-width text keeps SQL string comparison equal to time order.
    private const string WriteFormat = "yyyy-MM-dd HH:mm:ss.ffffff";
    private static readonly string[] ReadFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    public static readonly ValueConverter<DateTime, string> ExpireDateConverter = new(
        value => value.ToUniversalTime().ToString(WriteFormat, CultureInfo.InvariantCulture),
        text => DateTime.ParseExact(text, ReadFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));

    public static ModelBuilder AddDjangoSessions(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DjangoSessionRow>(row =>
        {
            row.ToTable("django_session");
            row.HasKey(s => s.SessionKey);
            row.Property(s => s.SessionKey).HasColumnName("session_key").HasColumnType("varchar(40)").HasMaxLength(40);
            row.Property(s => s.SessionData).HasColumnName("session_data").HasColumnType("text");
            row.Property(s => s.ExpireDate).HasColumnName("expire_date").HasColumnType("datetime")
                .HasConversion(ExpireDateConverter);
            row.HasIndex(s => s.ExpireDate).HasDatabaseName("django_session_expire_date");
        });
        return modelBuilder;
    }
}
