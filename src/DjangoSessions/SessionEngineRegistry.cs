namespace DjangoSessions;

/// <summary>
/// The engine names this app registered (each engine is a keyed <see cref="ISessionEngine"/> service).
/// Lets the settings validator tell "unknown name" from "known to Django but not wired up here".
/// </summary>
internal sealed class SessionEngineRegistry
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IEnumerable<string> Names => _names.Order();

    public bool IsRegistered(string name) => _names.Contains(name);

    internal void Add(string name) => _names.Add(name);
}
