using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BlazorSessionDemo.Data;

/// <summary>
/// A <c>datetime</c> column as Django's SQLite backend writes it with USE_TZ: <c>str(datetime)</c> in UTC without an
/// offset (<c>2026-12-02 00:20:54.123456</c>, no fraction when it is zero), which Django's converter parses back.
/// </summary>
public static class DjangoDateTime
{
    private const string WriteFormat = "yyyy-MM-dd HH:mm:ss.ffffff";
    private static readonly string[] ReadFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    public static readonly ValueConverter<DateTime, string> Converter = new(
        value => value.ToUniversalTime().ToString(WriteFormat, CultureInfo.InvariantCulture),
        text => DateTime.ParseExact(text, ReadFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));

    /// <summary>PostgreSQL's <c>timestamp with time zone</c> (Django's column there): UTC in, UTC out.</summary>
    public static readonly ValueConverter<DateTime, DateTime> Utc = new(
        value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary><see cref="Utc"/> for a nullable column.</summary>
    public static readonly ValueConverter<DateTime?, DateTime?> UtcNullable = new(
        value => value == null ? null : value.Value.Kind == DateTimeKind.Local ? value.Value.ToUniversalTime() : DateTime.SpecifyKind(value.Value, DateTimeKind.Utc),
        value => value == null ? null : DateTime.SpecifyKind(value.Value, DateTimeKind.Utc));
}
