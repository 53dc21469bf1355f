using Microsoft.EntityFrameworkCore;

// ASP.NET Core's own session (AddSession + IDistributedCache) serving the benchmark's E0-E3 on the same paths as
// BlazorSessionDemo and the Django baseline. A request with a session user (E2, E3) looks the user up with EF Core as
// the app's authentication does on every such request (pooled contexts, compiled query, as in the app), so the
// stacks differ only in their session framework. Settings: Baseline:Store = memory | redis, Baseline:Redis
// (host:port), ConnectionStrings:Users (SQLite file; created with one active user, id 1).
var builder = WebApplication.CreateBuilder(args);
var store = builder.Configuration["Baseline:Store"] ?? "memory";
if (store == "redis")
{
    builder.Services.AddStackExchangeRedisCache(o => o.Configuration = builder.Configuration["Baseline:Redis"]);
}
else
{
    builder.Services.AddDistributedMemoryCache();
}
builder.Services.AddSession(o =>
{
    o.Cookie.Name = "sessionid";
    o.IdleTimeout = TimeSpan.FromMinutes(30);
});
builder.Services.AddPooledDbContextFactory<UsersDb>(o => o.UseSqlite(builder.Configuration.GetConnectionString("Users")));

var app = builder.Build();
await using (var db = await app.Services.GetRequiredService<IDbContextFactory<UsersDb>>().CreateDbContextAsync())
{
    await db.Database.EnsureCreatedAsync();
    if (!await db.Users.AnyAsync())
    {
        db.Users.Add(new BaselineUser { Id = 1, Username = "alice", Email = "alice@example.com", IsActive = true });
        await db.SaveChangesAsync();
    }
}

// E0: no session middleware on this path at all.
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/bench/e0"), b => b.UseSession());

app.MapGet("/bench/e0", () => Results.Text("ok"));
app.MapGet("/bench/e1", async (HttpContext c) =>
{
    await c.Session.LoadAsync();
    return Results.Text(c.Session.GetInt32("user_id") is { } id ? $"user {id}" : "anonymous");
});
app.MapGet("/api/test1", async (HttpContext c, IDbContextFactory<UsersDb> users) =>
    await SessionUserAsync(c, users) is null ? Results.BadRequest() : Results.Text("test1 ok"));
app.MapGet("/bench/e3", async (HttpContext c, IDbContextFactory<UsersDb> users) =>
{
    await SessionUserAsync(c, users);
    var count = (c.Session.GetInt32("bench_counter") ?? 0) + 1;
    c.Session.SetInt32("bench_counter", count);
    return Results.Text(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
});
// Setup only (not measured): a logged-in session for E2/E3. Committed before the answer: the session middleware
// commits only after the endpoint has written its body, so on redis the client could send its next request (the
// bench's probe) before the session was stored, and be anonymous (seen: 38 of 300 immediate reads answered 400).
app.MapPost("/api/login", async (HttpContext c) =>
{
    await c.Session.LoadAsync();
    c.Session.SetInt32("user_id", 1);
    await c.Session.CommitAsync();
    return Results.Text("ok");
});
app.MapGet("/bench/counters", () => Results.Json(new { allocated_bytes = GC.GetTotalAllocatedBytes(false) }));

await app.RunAsync();

// The session's user_id -> the active user, as the app's authentication handler does for every request with a session.
static async Task<BaselineUser?> SessionUserAsync(HttpContext c, IDbContextFactory<UsersDb> users)
{
    await c.Session.LoadAsync();
    if (c.Session.GetInt32("user_id") is not { } id)
    {
        return null;
    }
    await using var db = await users.CreateDbContextAsync();
    return await UsersDb.ActiveUserById(db, id);
}

internal sealed class UsersDb(DbContextOptions<UsersDb> options) : DbContext(options)
{
    public static readonly Func<UsersDb, long, Task<BaselineUser?>> ActiveUserById =
        EF.CompileAsyncQuery((UsersDb db, long id) => db.Users.AsNoTracking().FirstOrDefault(u => u.Id == id && u.IsActive));

    public DbSet<BaselineUser> Users => Set<BaselineUser>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<BaselineUser>().ToTable("users");
}

internal sealed class BaselineUser
{
    public long Id { get; set; }
    public string Username { get; set; } = "";
    public string Email { get; set; } = "";
    public bool IsActive { get; set; }
}
