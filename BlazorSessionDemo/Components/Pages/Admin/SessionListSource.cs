using BlazorSessionDemo.Auth;
using DjangoSessions.Catalog;
using Microsoft.AspNetCore.Components.QuickGrid;

namespace BlazorSessionDemo.Components.Pages.Admin;

/// <summary>
/// QuickGrid's items provider over the catalog, one page per request. A page whose predecessor was read (paging on, or
/// back over pages seen) starts from that page's last entry as a keyset cursor; a jump uses an indexed offset. Either
/// way only the page's rows are read, never the whole list.
/// </summary>
public sealed class SessionListSource(ISessionCatalog catalog, UserDirectory users)
{
    public const string UserTitle = "User";
    public const string IpTitle = "IP address";
    public const string DeviceTitle = "Device";
    public const string CreatedTitle = "Created";
    public const string LastActivityTitle = "Last activity";
    public const string ExpiresTitle = "Expires";

    // StartIndex -> the entry just before it, for the current sort and filter.
    private readonly Dictionary<int, SessionCatalogEntry> _cursors = [];
    private (SessionSortColumn, bool, string?) _cursorQuery;

    /// <summary>Only this user's sessions (catalog user id); null for everyone's.</summary>
    public string? UserIdFilter { get; set; }

    /// <summary>The viewer's own session, marked in the list.</summary>
    public string? CurrentFingerprint { get; set; }

    /// <summary>Forget cursors: rows came or went, so positions moved.</summary>
    public void Invalidate() => _cursors.Clear();

    public async ValueTask<GridItemsProviderResult<SessionListItem>> ProvideAsync(GridItemsProviderRequest<SessionListItem> request)
    {
        var sort = SortOf(request.SortByColumn?.Title);
        var descending = !request.SortByAscending;
        if (_cursorQuery != (sort, descending, UserIdFilter))
        {
            _cursors.Clear();
            _cursorQuery = (sort, descending, UserIdFilter);
        }
        _cursors.TryGetValue(request.StartIndex, out var after);
        var take = request.Count ?? 20;
        var page = await catalog.ListAsync(new SessionQuery(sort, descending, UserIdFilter, take,
            after is null ? request.StartIndex : 0, after), request.CancellationToken);
        if (page.Items.Count > 0)
        {
            _cursors[request.StartIndex + page.Items.Count] = page.Items[^1];
        }
        var names = await users.NamesAsync(page.Items.Select(e => e.UserId), request.CancellationToken);
        var items = page.Items.Select(e => new SessionListItem(e, LabelOf(e.UserId, names), e.Fingerprint == CurrentFingerprint)).ToList();
        return GridItemsProviderResult.From(items, page.Total);
    }

    public static string LabelOf(string? userId, IReadOnlyDictionary<string, string> names) =>
        userId is null ? "anonymous" : names.TryGetValue(userId, out var name) ? name : $"user #{userId}";

    private static SessionSortColumn SortOf(string? title) => title switch
    {
        // By name (the catalog records the seed's "username" beside the id: Session:UserNameKey), as people look for users.
        UserTitle => SessionSortColumn.UserName,
        IpTitle => SessionSortColumn.IpAddress,
        DeviceTitle => SessionSortColumn.Device,
        CreatedTitle => SessionSortColumn.Created,
        ExpiresTitle => SessionSortColumn.ExpireDate,
        _ => SessionSortColumn.LastActivity,
    };
}
