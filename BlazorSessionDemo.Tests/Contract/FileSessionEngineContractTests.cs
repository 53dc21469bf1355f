
namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The contract against <c>file</c> (Django's <c>FileSessionTests</c>): a real folder per test instance, one file per
/// session named <c>sessionid + key</c>, deleted with everything in it afterwards.
/// </summary>
public sealed class FileSessionEngineContractTests : ServerSideSessionEngineContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"session-contract-files-{Guid.NewGuid():N}");

    public FileSessionEngineContractTests()
    {
        Settings.File.FilePath = _folder;
    }

    protected override Task InitializeStoreAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    protected override ISessionEngine CreateEngine(SessionDataCodec codec) =>
        new FileSessionEngine(codec, Time, Options.Create(Settings));

    /// <summary>Session files only: <c>sessionid</c> + a well-formed key (temp files have <c>_out_</c> in their name).</summary>
    protected override Task<int> CountStoredSessionsAsync() =>
        Task.FromResult(Directory.EnumerateFiles(_folder, Settings.Cookie.CookieName + "*")
            .Count(f => SessionKeys.IsWellFormed(Path.GetFileName(f)[Settings.Cookie.CookieName.Length..])));

    protected override async Task<string> TamperStoredDataAsync(string sessionKey)
    {
        var path = Path.Combine(_folder, Settings.Cookie.CookieName + sessionKey);
        var modified = File.GetLastWriteTimeUtc(path);
        // One character of the signed payload (index 1 is base64 whether or not the zlib '.' prefix is there).
        var data = (await File.ReadAllTextAsync(path)).ToCharArray();
        data[1] = data[1] == 'A' ? 'B' : 'A';
        await File.WriteAllTextAsync(path, new string(data));
        // Same mtime as before: only the content changed, so expiry can't be what the test observes.
        File.SetLastWriteTimeUtc(path, modified);
        return sessionKey;
    }

    protected override void Dispose(bool disposing)
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
        base.Dispose(disposing);
    }
}
