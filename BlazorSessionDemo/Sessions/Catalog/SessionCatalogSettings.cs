namespace BlazorSessionDemo.Sessions.Catalog;

/// <summary>The catalog's keys in the <c>Session</c> section (beside Django's settings, which have no equivalent).</summary>
public sealed class SessionCatalogSettings
{
    /// <summary>The session data key holding the user id (the seed's <c>request.session['user_id']</c>); absent = anonymous.</summary>
    public string UserIdKey { get; set; } = "user_id";

    /// <summary>Last activity is written at most this often per session, so a request that only reads stays a read.</summary>
    public TimeSpan ActivityInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the one background sweep looks for sessions past their expiry date (the expire_date index).</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
