using DjangoSessions.Catalog;

namespace BlazorSessionDemo.Components.Pages.Admin;

/// <summary>One row of a session list: the catalog entry (fingerprint, never the key), its user's name, and whether it is the viewer's own.</summary>
public sealed record SessionListItem(SessionCatalogEntry Entry, string UserLabel, bool IsCurrent);
