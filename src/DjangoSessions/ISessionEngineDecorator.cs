namespace DjangoSessions;

/// <summary>
/// Wraps the configured engine where the request's (or circuit's) engine is resolved, so cross-cutting bookkeeping such
/// as the session catalog sees every engine's primitives without any engine knowing. Registered scoped; applied in
/// registration order.
/// </summary>
internal interface ISessionEngineDecorator
{
    ISessionEngine Decorate(ISessionEngine engine);
}
