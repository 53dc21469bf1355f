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
}
