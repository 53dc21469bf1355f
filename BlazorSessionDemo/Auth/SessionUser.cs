using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Data;
using BlazorSessionDemo.Sessions;

namespace BlazorSessionDemo.Auth;

/// <summary>The seed's login state in the session: <c>user_id</c>, <c>username</c>, <c>user_info</c>, <c>is_login</c>.</summary>
public static class SessionUser
{
    public const string UserIdKey = "user_id";
    public const string UsernameKey = "username";
    public const string UserInfoKey = "user_info";
    public const string IsLoginKey = "is_login";

    /// <summary>
    /// Django's <c>login()</c>: a session that belongs to another user is flushed (the new user starts empty); otherwise
    /// the key is cycled, so a key planted or seen before login is worthless after it (session fixation).
    /// </summary>
    public static async Task LogInAsync(this DjangoSession session, User user, CancellationToken cancellationToken = default)
    {
        var current = session.GetUserId();
        if (current is not null && current != user.Id)
        {
            await session.FlushAsync(cancellationToken);
        }
        else
        {
            await session.CycleKeyAsync(cancellationToken);
        }
        session[UserIdKey] = user.Id;
        session[UsernameKey] = user.Username;
        session[UserInfoKey] = UserInfo(user);
        session[IsLoginKey] = "true";
        // OWASP: the absolute timeout counts from authentication, so login restarts it (no-op when it is off).
        session.RestartAbsoluteTimeout();
    }

    /// <summary>The seed's <c>'**{} {} {}'.format(user.id, user.name, user.email)</c>.</summary>
    public static string UserInfo(User user) => $"**{user.Id} {user.Username} {user.Email}";

    /// <summary>The <c>user_id</c> stored at login; also accepts a numeric string, as a Django peer might write it.</summary>
    public static long? GetUserId(this DjangoSession session) => session.Get(UserIdKey) switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var id) => id,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => (long?)JsonSerializer.Deserialize<double>(value.ToJsonString()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && long.TryParse(value.GetValue<string>(), out var parsed) => parsed,
        _ => null,
    };
}
