using BlazorSessionDemo.Api;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Cli;
using BlazorSessionDemo.Components;
using BlazorSessionDemo.Exchanges;
using BlazorSessionDemo.Data;
using BlazorSessionDemo.Security;
using DjangoSessions;
using DjangoSessions.Catalog;
using DjangoSessions.Engines;
using DjangoSessions.EntityFrameworkCore;
using DjangoSessions.EntityFrameworkCore.PostgreSQL;
using DjangoSessions.Redis;
using DjangoSessions.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

// A CLI verb (clearsessions, createuser) takes its own arguments; only a web run feeds args to configuration.
// Help and a mistyped verb print the usage and stop here, before any host (or web server) is built.
switch (CommandLineVerbs.Classify(args))
{
    case CommandLineVerbs.Kind.Help:
        await Console.Out.WriteLineAsync(CommandLineVerbs.Usage);
        return 0;
    case CommandLineVerbs.Kind.Unknown:
        await Console.Error.WriteLineAsync($"Unknown verb '{args[0]}'.{Environment.NewLine}{CommandLineVerbs.Usage}");
        return 1;
}
var verb = CommandLineVerbs.Classify(args) == CommandLineVerbs.Kind.Verb ? args[0] : null;
var builder = WebApplication.CreateBuilder(verb is null ? args : []);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents()
    // Above SignalR's 32 KB default, so a pasted 60-100 KB field reaches the page, which refuses it with a message,
    // instead of the server closing the connection and the change being lost without a word (issue 15). Every input
    // also has a maxlength; the limit stays bounded.
    .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 256 * 1024);
builder.Services.AddAppDatabase(builder.Configuration, builder.Environment);
builder.Services.AddAppSessions(builder.Configuration)
    .AddSessionCatalog<AppDbContext>()
    // Events between nodes through the database when it is PostgreSQL (inactive on SQLite).
    .AddPostgreSqlEvents<AppDbContext>();
builder.Services.AddSessionAuthentication(builder.Configuration);
// Interactive components reach the session through this, so a store error in a click never ends the circuit.
builder.Services.AddScoped<BlazorSessionDemo.Components.Shared.CircuitSessionAccess>();
// "What just happened" on the teaching pages: each form POST's Set-Cookie, key before/after and data diff.
builder.Services.AddSingleton<ExchangeRecorder>();
// The antiforgery cookie is the app's too: a lower-case twin of it must not break every form (issue 12, hole 6).
builder.Services.AddOptions<CookieNameCaseSettings>()
    .Configure<IOptions<AntiforgeryOptions>>((guard, antiforgery) => guard.Names.Add(antiforgery.Value.Cookie.Name!));
builder.Services.AddPersistedDataProtection(builder.Configuration, builder.Environment);
builder.Services.AddApiCsrfProtection(builder.Configuration);
builder.Services.AddProxyForwardedHeaders(builder.Configuration);
// The 503 while the session store is down: the app's page (or JSON for /api), naming the store (Outage/).
builder.Services.AddSingleton<BlazorSessionDemo.Outage.SessionStoreAddress>();
builder.Services.AddSingleton<DjangoSessions.Http.ISessionStoreUnavailableWriter, BlazorSessionDemo.Outage.StoreUnavailableAnswer>();
builder.Services.AddHealthChecks().AddCheck<SessionStoreHealthCheck>("session-store");

var app = builder.Build();
try
{
    // Validate the Session section before anything else, so a typo stops the app with one clear line.
    _ = app.Services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value;
    _ = app.Services.GetRequiredService<IOptions<AuthSettings>>().Value;
    _ = app.Services.GetRequiredService<IOptions<CsrfSettings>>().Value;
    _ = app.Services.GetRequiredService<IOptions<DatabaseSettings>>().Value;
    _ = app.Services.GetRequiredService<IOptions<ProxySettings>>().Value;
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"Invalid configuration: {ex.Message}");
    return 2;
}
catch (InvalidOperationException ex) when (ex.InnerException is FormatException or ArgumentException && ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
{
    // A value the binder can't convert (a word where a number or one of a list is expected): the same one line,
    // naming the key and the value, instead of a stack trace.
    await Console.Error.WriteLineAsync($"Invalid configuration: {ex.Message} {ex.InnerException.Message}");
    return 2;
}
try
{
    await app.Services.InitializeDatabaseAsync();
}
catch (System.Data.Common.DbException ex)
{
    // The database can't be opened or migrated on start (a PostgreSQL database that doesn't exist, a server that
    // refuses, a SQLite file that can't be written): one line saying so, exit code 3, not an unhandled exception.
    await Console.Error.WriteLineAsync($"Cannot open the database ({app.Services.GetRequiredService<IOptions<DatabaseSettings>>().Value.Provider}): {ex.Message}");
    return 3;
}
await app.Services.EnsureSharedKeyAsync();
switch (verb)
{
    case ClearSessionsCommand.Name:
        return await ClearSessionsCommand.RunAsync(app.Services, Console.Out, Console.Error);
    case CreateUserCommand.Name:
        return await CreateUserCommand.RunAsync(app.Services, args[1..], Console.In, Console.Out, Console.Error);
}
await app.Services.SeedDemoAccountsAsync();

// The client's address behind a known proxy, before anything reads it (catalog, lockout); off when none is configured.
app.UseProxyForwardedHeaders();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseErrorReasons();
app.UseApiCsrfProtection();
// Before the sessions: its response-start callback then runs after theirs, and sees the session cookie they wrote.
app.UseExchangeRecording();
// Form posts are answered once the session is saved, so a store outage shows its page instead of the form again.
app.UseMiddleware<BlazorSessionDemo.Outage.BufferedFormPosts>();
app.UseDjangoSessions();
app.UseSessionAuthentication();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthChecks("/healthz");
app.MapSessionApi();
app.MapLogout();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
