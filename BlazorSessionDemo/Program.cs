using BlazorSessionDemo.Components;
using BlazorSessionDemo.Data;
using BlazorSessionDemo.Sessions;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddAppDatabase(builder.Configuration, builder.Environment);
builder.Services.AddDjangoSessions(builder.Configuration.GetSection(DjangoSessionSettings.SectionName))
    .AddDbEngine<AppDbContext>();

var app = builder.Build();
try
{
    // Validate the Session section before anything else, so a typo stops the app with one clear line.
    _ = app.Services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value;
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"Invalid configuration: {ex.Message}");
    return 2;
}
await app.Services.InitializeDatabaseAsync();

if (args is [ClearSessionsCommand.Name, ..])
{
    return await ClearSessionsCommand.RunAsync(app.Services, Console.Out, Console.Error);
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseDjangoSessions();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
