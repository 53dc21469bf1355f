namespace BlazorSessionDemo.Components.Pages.Admin;

public enum AdminActionKind
{
    EndSession,
    EndUserSessions,
    ClearExpired,
}

/// <summary>An action waiting for confirmation: what it does and the question shown. Carries catalog ids, never keys.</summary>
public sealed record AdminAction(AdminActionKind Kind, string Question, long? SessionId = null, string? UserId = null, string? UserLabel = null);
