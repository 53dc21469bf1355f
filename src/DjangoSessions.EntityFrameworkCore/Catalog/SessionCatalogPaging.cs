using System.Linq.Expressions;

using DjangoSessions.Catalog;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// The listing queries: ORDER BY the chosen column then id, each column backed by an index ending in the rowid. With a
/// cursor (the previous page's last entry) the page starts with <c>col &gt;= v AND (col &gt; v OR id &gt; last)</c>: an
/// index range scan that reads only the rows it returns, on page 1 as on page 5,000.
/// </summary>
internal static class SessionCatalogPaging
{
    private static readonly ParameterExpression Row = Expression.Parameter(typeof(SessionCatalogRow), "r");
    private static readonly MemberExpression Id = Expression.Property(Row, nameof(SessionCatalogRow.Id));

    public static IQueryable<SessionCatalogRow> Filter(IQueryable<SessionCatalogRow> rows, SessionQuery query) =>
        query.UserId is { } userId ? rows.Where(r => r.UserId == userId) : rows;

    public static IQueryable<SessionCatalogRow> Page(IQueryable<SessionCatalogRow> filtered, SessionQuery query)
    {
        var (column, value) = Column(query.Sort, query.After);
        var rows = filtered;
        if (query.After is { } after)
        {
            rows = rows.Where(After(column, value!, after.Id, query.Descending));
        }
        var keySelector = Expression.Lambda(column, Row);
        var ordered = query.Descending
            ? Order(rows, keySelector, nameof(Queryable.OrderByDescending)).ThenByDescending(r => r.Id)
            : Order(rows, keySelector, nameof(Queryable.OrderBy)).ThenBy(r => r.Id);
        return (query.After is null ? ordered.Skip(query.Skip) : ordered).Take(query.Take);
    }

    /// <summary>The row property a sort names, and the cursor entry's value of it in the stored form ("" for unknown).</summary>
    private static (MemberExpression Column, object? Value) Column(SessionSortColumn sort, SessionCatalogEntry? after) => sort switch
    {
        SessionSortColumn.Created => (Property(nameof(SessionCatalogRow.Created)), after?.Created.UtcDateTime),
        SessionSortColumn.ExpireDate => (Property(nameof(SessionCatalogRow.ExpireDate)), after?.ExpireDate.UtcDateTime),
        SessionSortColumn.User => (Property(nameof(SessionCatalogRow.UserId)), after is null ? null : after.UserId ?? ""),
        SessionSortColumn.UserName => (Property(nameof(SessionCatalogRow.UserName)), after is null ? null : after.UserName ?? ""),
        SessionSortColumn.IpAddress => (Property(nameof(SessionCatalogRow.IpAddress)), after is null ? null : after.IpAddress ?? ""),
        SessionSortColumn.Device => (Property(nameof(SessionCatalogRow.Device)), after is null ? null : after.Device ?? ""),
        _ => (Property(nameof(SessionCatalogRow.LastActivity)), after?.LastActivity.UtcDateTime),
    };

    private static MemberExpression Property(string name) => Expression.Property(Row, name);

    private static Expression<Func<SessionCatalogRow, bool>> After(MemberExpression column, object value, long lastId, bool descending)
    {
        var constant = Expression.Constant(value, column.Type);
        var sameOrBeyond = Compare(column, constant, descending ? ExpressionType.LessThanOrEqual : ExpressionType.GreaterThanOrEqual);
        var beyond = Compare(column, constant, descending ? ExpressionType.LessThan : ExpressionType.GreaterThan);
        var laterId = descending
            ? Expression.LessThan(Id, Expression.Constant(lastId))
            : Expression.GreaterThan(Id, Expression.Constant(lastId));
        return Expression.Lambda<Func<SessionCatalogRow, bool>>(
            Expression.AndAlso(sameOrBeyond, Expression.OrElse(beyond, laterId)), Row);
    }

    /// <summary>Strings compare through <c>string.Compare(a, b) op 0</c>, which EF Core turns into a plain SQL comparison.</summary>
    private static BinaryExpression Compare(Expression column, Expression value, ExpressionType op)
    {
        if (column.Type != typeof(string))
        {
            return Expression.MakeBinary(op, column, value);
        }
        var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, column, value);
        return Expression.MakeBinary(op, compare, Expression.Constant(0));
    }

    private static IOrderedQueryable<SessionCatalogRow> Order(IQueryable<SessionCatalogRow> rows, LambdaExpression keySelector, string method)
    {
        var call = Expression.Call(typeof(Queryable), method, [typeof(SessionCatalogRow), keySelector.ReturnType],
            rows.Expression, Expression.Quote(keySelector));
        return (IOrderedQueryable<SessionCatalogRow>)rows.Provider.CreateQuery<SessionCatalogRow>(call);
    }
}
