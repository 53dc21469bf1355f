namespace BlazorSessionDemo.Sessions;

/// <summary>Django's CreateError: <c>save(must_create=True)</c> found the key taken.</summary>
public sealed class SessionCreateException(string message) : Exception(message);

/// <summary>Django's UpdateError: the session was deleted (e.g. logged out elsewhere) before this save.</summary>
public sealed class SessionUpdateException(string message) : Exception(message);

/// <summary>A value assigned to the session that can't be stored as JSON (Django: "Object of type X is not JSON serializable").</summary>
public sealed class SessionValueNotSerializableException(string key, Type type, Exception inner)
    : Exception($"Session value for key '{key}' of type {type.FullName} is not JSON serializable: {inner.Message}", inner)
{
    public string Key { get; } = key;
    public Type ValueType { get; } = type;
}
