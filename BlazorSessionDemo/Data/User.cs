namespace BlazorSessionDemo.Data;

/// <summary>An account of the demo app (the seed's <c>User</c> model), with a BCrypt password hash.</summary>
public sealed class User
{
    public long Id { get; set; }
    public required string Username { get; set; }
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    public bool IsStaff { get; set; }
    public bool IsActive { get; set; } = true;
}
