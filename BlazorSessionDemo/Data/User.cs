namespace BlazorSessionDemo.Data;

/// <summary>
/// An account: a row of Django's <c>auth_user</c> table (django.contrib.auth's <c>User</c>), so a Django site sharing
/// the database has the same users. <see cref="PasswordHash"/> is the <c>password</c> column in Django's
/// <c>algorithm$...</c> form (see Auth/Hashers).
/// </summary>
public sealed class User
{
    public long Id { get; set; }
    public required string Username { get; set; }
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    public bool IsStaff { get; set; }
    public bool IsActive { get; set; } = true;
    public bool IsSuperuser { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";

    /// <summary>Django's <c>last_login</c>: set by every successful login (Django's <c>update_last_login</c>), UTC.</summary>
    public DateTime? LastLogin { get; set; }

    /// <summary>Django's <c>date_joined</c>, UTC.</summary>
    public DateTime DateJoined { get; set; }
}
