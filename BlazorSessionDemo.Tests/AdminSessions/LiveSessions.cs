using DjangoSessions.Catalog;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>Reads and acts on a running app's session catalog the way its pages do (through its own services).</summary>
public static class LiveSessions
{
    public static ISessionCatalog Catalog<TEntryPoint>(WebApplicationFactory<TEntryPoint> app) where TEntryPoint : class =>
        app.Services.GetRequiredService<ISessionCatalog>();

    public static string FingerprintOf<TEntryPoint>(WebApplicationFactory<TEntryPoint> app, string sessionKey) where TEntryPoint : class =>
        app.Services.GetRequiredService<SessionIdentity>().FingerprintOf(sessionKey)
            ?? throw new InvalidOperationException("The key names no session of this engine.");

    public static async Task<IReadOnlyList<SessionCatalogEntry>> AllAsync<TEntryPoint>(WebApplicationFactory<TEntryPoint> app)
        where TEntryPoint : class =>
        (await Catalog(app).ListAsync(new SessionQuery(Take: 1000))).Items;

    /// <summary>The catalog entry of the session <paramref name="sessionKey"/> names; fails when there is none.</summary>
    public static async Task<SessionCatalogEntry> EntryOfAsync<TEntryPoint>(WebApplicationFactory<TEntryPoint> app, string sessionKey)
        where TEntryPoint : class
    {
        var fingerprint = FingerprintOf(app, sessionKey);
        var entry = (await AllAsync(app)).SingleOrDefault(e => e.Fingerprint == fingerprint);
        Assert.True(entry is not null, $"No catalog entry with fingerprint {fingerprint}.");
        return entry!;
    }

    /// <summary>Runs <paramref name="action"/> with a request-like scope's <see cref="SessionRevocation"/>, as a page's action does.</summary>
    public static async Task<T> RevokeAsync<TEntryPoint, T>(WebApplicationFactory<TEntryPoint> app, Func<SessionRevocation, Task<T>> action)
        where TEntryPoint : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SessionRevocation>());
    }
}
