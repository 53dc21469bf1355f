using DjangoSessions.Catalog;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// Listing stays a page-sized read at 100k sessions: paging by keyset returns every entry exactly once in order, for
/// each sortable column, and SQLite's own plan for the page query walks an index instead of sorting the table.
/// </summary>
public sealed class CatalogPagingScaleTests : IClassFixture<CatalogPagingScaleTests.HundredThousandSessions>
{
    public const int Rows = 100_000;
    private const int PageSize = 1000;

    private readonly HundredThousandSessions _seeded;

    public CatalogPagingScaleTests(HundredThousandSessions seeded) => _seeded = seeded;

    public static TheoryData<SessionSortColumn, bool> Sorts => new()
    {
        { SessionSortColumn.LastActivity, true },
        { SessionSortColumn.Created, false },
        { SessionSortColumn.ExpireDate, false },
        { SessionSortColumn.User, false },
        { SessionSortColumn.IpAddress, true },
        { SessionSortColumn.Device, false },
        { SessionSortColumn.UserName, true },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task KeysetPaging_VisitsEverySessionOnce_InOrder(SessionSortColumn sort, bool descending)
    {
        var seen = new HashSet<long>();
        SessionCatalogEntry? previous = null;
        SessionPage page;
        do
        {
            page = await _seeded.Bed.Catalog.ListAsync(new SessionQuery(sort, descending, Take: PageSize, After: previous));
            Assert.Equal(Rows, page.Total);
            foreach (var entry in page.Items)
            {
                Assert.True(seen.Add(entry.Id), $"entry {entry.Id} listed twice");
                if (previous is not null)
                {
                    Assert.True(InOrder(previous, entry, sort, descending), $"entry {entry.Id} out of order after {previous.Id}");
                }
                previous = entry;
            }
        }
        while (page.Items.Count == PageSize);
        Assert.Equal(Rows, seen.Count);
    }

    [Fact]
    public async Task KeysetPage_EqualsTheOffsetPage_AtTheSamePosition()
    {
        var before = await _seeded.Bed.Catalog.ListAsync(new SessionQuery(SessionSortColumn.User, Take: 1, Skip: 54_320 - 1));
        var byKeyset = await _seeded.Bed.Catalog.ListAsync(new SessionQuery(SessionSortColumn.User, Take: 25, After: before.Items[0]));
        var byOffset = await _seeded.Bed.Catalog.ListAsync(new SessionQuery(SessionSortColumn.User, Take: 25, Skip: 54_320));

        Assert.Equal(byOffset.Items.Select(e => e.Id), byKeyset.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task UserFilter_ListsOnlyThatUsersSessions_AcrossPages()
    {
        var all = new List<SessionCatalogEntry>();
        SessionPage page;
        do
        {
            page = await _seeded.Bed.Catalog.ListAsync(new SessionQuery(SessionSortColumn.Created, UserId: "17", Take: 7,
                After: all.LastOrDefault()));
            all.AddRange(page.Items);
        }
        while (page.Items.Count == 7);

        // Seeded: user i % 50, anonymous when i % 11 == 0.
        Assert.Equal(Enumerable.Range(1, Rows).Count(i => i % HundredThousandSessions.Users == 17 && i % 11 != 0), all.Count);
        Assert.All(all, e => Assert.Equal("17", e.UserId));
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task PageQuery_IsAnIndexRangeScan_NotATableSort(SessionSortColumn sort, bool descending)
    {
        var after = (await _seeded.Bed.Catalog.ListAsync(new SessionQuery(sort, descending, Take: 1, Skip: 50_000))).Items[0];
        await using var db = _seeded.Bed.Database.CreateContext();
        var sql = SessionCatalogPaging.Page(db.SessionCatalog, new SessionQuery(sort, descending, Take: 20, After: after)).ToQueryString();

        var plan = await ExplainAsync(sql);

        Assert.Contains("USING INDEX session_catalog_", plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }

    private static bool InOrder(SessionCatalogEntry a, SessionCatalogEntry b, SessionSortColumn sort, bool descending)
    {
        var byValue = sort switch
        {
            SessionSortColumn.Created => a.Created.CompareTo(b.Created),
            SessionSortColumn.ExpireDate => a.ExpireDate.CompareTo(b.ExpireDate),
            SessionSortColumn.User => string.CompareOrdinal(a.UserId ?? "", b.UserId ?? ""),
            SessionSortColumn.IpAddress => string.CompareOrdinal(a.IpAddress ?? "", b.IpAddress ?? ""),
            SessionSortColumn.Device => string.CompareOrdinal(a.Device ?? "", b.Device ?? ""),
            SessionSortColumn.UserName => string.CompareOrdinal(a.UserName ?? "", b.UserName ?? ""),
            _ => a.LastActivity.CompareTo(b.LastActivity),
        };
        var order = byValue != 0 ? byValue : a.Id.CompareTo(b.Id);
        return descending ? order > 0 : order < 0;
    }

    /// <summary>EXPLAIN QUERY PLAN of EF's SQL, with the <c>.param set</c> lines it prints turned into parameters.</summary>
    private async Task<string> ExplainAsync(string sql)
    {
        await using var connection = new SqliteConnection(_seeded.Bed.Database.ConnectionString);
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        var lines = sql.Split('\n');
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = line[".param set ".Length..].Trim().Split(' ', 2);
            command.Parameters.AddWithValue(parts[0], parts[1].Trim('\''));
        }
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }
        return string.Join('\n', plan);
    }

    /// <summary>100k catalog rows written in one SQL statement, with repeating values so every sort has ties to break.</summary>
    public sealed class HundredThousandSessions : IDisposable
    {
        public const int Users = 50;

        public HundredThousandSessions()
        {
            using var db = Bed.Database.CreateContext();
            db.Database.ExecuteSqlRaw($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
                INSERT INTO session_catalog (session_id, session_key, fingerprint, engine, user_id, created, last_activity,
                    expire_date, ip_address, user_agent, device, user_name)
                SELECT printf('s%031d', i), printf('s%031d', i), substr(printf('%012x', i * 2654435761), 1, 12), 'db',
                    CASE WHEN i % 11 = 0 THEN '' ELSE CAST(i % {Users} AS TEXT) END,
                    strftime('%Y-%m-%d %H:%M:%f000', '2030-01-01', printf('+%d seconds', (i * 7919) % 86400)),
                    strftime('%Y-%m-%d %H:%M:%f000', '2030-01-02', printf('+%d seconds', (i * 104729) % 3600)),
                    strftime('%Y-%m-%d %H:%M:%f000', '2030-01-15', printf('+%d minutes', i % 997)),
                    printf('10.0.%d.%d', (i / 256) % 256, i % 256), 'test agent',
                    CASE i % 3 WHEN 0 THEN 'Chrome on Linux' WHEN 1 THEN 'Firefox on Windows' ELSE '' END,
                    CASE WHEN i % 11 = 0 THEN '' ELSE printf('user-%c', 97 + (i * 7) % 26) END
                FROM n;
                """);
        }

        public CatalogTestBed Bed { get; } = new();

        public void Dispose() => Bed.Dispose();
    }
}
