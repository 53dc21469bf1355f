namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// The file engine: two engine instances (two nodes, each with its own in-process locks) over one session folder, as
/// two processes on one machine or on a shared volume. The lock file beside each session file is what they share.
/// </summary>
public sealed class FileSplitWritesTests : SplitWritesContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"split-writes-files-{Guid.NewGuid():N}");
    private readonly DjangoSessionSettings _settings = new();

    public FileSplitWritesTests()
    {
        _settings.File.FilePath = _folder;
    }

    protected override Task InitializeStoreAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    protected override ISessionEngine CreateNode(SessionDataCodec codec) =>
        new FileSessionEngine(codec, TimeProvider.System, Options.Create(_settings));

    [Fact]
    public async Task Save_50RequestsSplitOverTwoNodes_LeaveNoLockOrTempFileBehind()
    {
        var created = new DjangoSession(NodeA, _settings, TimeProvider.System);
        await created.LoadAsync();
        created["base"] = 0;
        await created.SaveAsync();
        var requests = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var session = new DjangoSession(i % 2 == 0 ? NodeA : NodeB, _settings, TimeProvider.System, created.SessionKey);
            await session.LoadAsync();
            return session;
        }));

        await Task.WhenAll(requests.Select((session, i) => Task.Run(async () =>
        {
            session[$"k{i}"] = i;
            await session.SaveAsync();
        })));

        Assert.Equal([_settings.Cookie.CookieName + created.SessionKey], FolderEntries());
    }

    [Fact]
    public async Task Save_WithAStaleLockFileLeftByACrashedProcess_Succeeds_AndRemovesIt()
    {
        var created = new DjangoSession(NodeA, _settings, TimeProvider.System);
        await created.LoadAsync();
        created["base"] = 0;
        await created.SaveAsync();
        var sessionFile = Path.Combine(_folder, _settings.Cookie.CookieName + created.SessionKey);
        // What a process killed while holding the lock leaves: the file, but no OS lock on it any more.
        await File.WriteAllTextAsync(sessionFile + ".lock", "");
        var onB = new DjangoSession(NodeB, _settings, TimeProvider.System, created.SessionKey);
        await onB.LoadAsync();

        onB["theme"] = "dark";
        await onB.SaveAsync();

        var stored = new DjangoSession(NodeA, _settings, TimeProvider.System, created.SessionKey);
        await stored.LoadAsync();
        Assert.Equal("dark", stored.Get<string>("theme"));
        Assert.Equal([_settings.Cookie.CookieName + created.SessionKey], FolderEntries());
    }

    [Fact]
    public async Task ClearExpired_WithALockFileInTheFolder_DoesNotTakeItForASession()
    {
        var created = new DjangoSession(NodeA, _settings, TimeProvider.System);
        await created.LoadAsync();
        created["base"] = 0;
        await created.SaveAsync();
        var lockFile = Path.Combine(_folder, _settings.Cookie.CookieName + created.SessionKey + ".lock");
        await File.WriteAllTextAsync(lockFile, "");

        Assert.Equal(0, await NodeB.ClearExpiredAsync());
        Assert.True(File.Exists(lockFile));
        Assert.True(await NodeB.ExistsAsync(created.SessionKey!));
    }

    private string[] FolderEntries() =>
        [.. Directory.EnumerateFileSystemEntries(_folder).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal)];

    public override Task DisposeAsync()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
        return Task.CompletedTask;
    }
}
