using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>SQLite, as Django's <c>sqlite3</c> backend uses it: dates as text, SQLite's result codes for faults.</summary>
internal sealed class SqliteSessionDbDialect : SessionDbDialect
{
    // Django's SQLite backend writes str(datetime): microseconds, no offset (UTC with USE_TZ), and drops
    // the fraction when it is zero. Fixed-width text keeps SQL string comparison equal to time order.
    private const string WriteFormat = "yyyy-MM-dd HH:mm:ss.ffffff";
    private static readonly string[] ReadFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    private const int ConstraintViolation = 19;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CantOpen = 14;

    /// <summary>Django's date text in a <c>datetime</c> column, read back as UTC.</summary>
    public static readonly ValueConverter<DateTime, string> DateConverter = new(
        value => value.ToUniversalTime().ToString(WriteFormat, CultureInfo.InvariantCulture),
        text => DateTime.ParseExact(text, ReadFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));

    /// <inheritdoc/>
    /// <summary>Microsoft's SQLite provider, as <c>DatabaseFacade.ProviderName</c> reports it.</summary>
    internal const string Provider = "Microsoft.EntityFrameworkCore.Sqlite";

    public override string ProviderName => Provider;

    /// <inheritdoc/>
    public override bool HasSingleWriter => true;

    /// <inheritdoc/>
    public override void ConfigureDateTime(PropertyBuilder<DateTime> property) =>
        property.HasColumnType("datetime").HasConversion(DateConverter);

    /// <inheritdoc/>
    public override bool IsDuplicateKey(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: ConstraintViolation };

    /// <inheritdoc/>
    public override bool IsUnavailable(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: Busy or Locked or ReadOnly or IoError or Full or CantOpen };
}
