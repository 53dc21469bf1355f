namespace BlazorSessionDemo.Data;

/// <summary>
/// Start-up work on a SQLite file (migrating, seeding the demo accounts) done by one process at a time: nodes started
/// together on one machine would otherwise both insert "alice" (a unique violation and an error line on one of them).
/// An exclusive lock on <c>{database}.startup-lock</c>, held by the operating system, so a node that dies releases it;
/// the file itself stays (empty). PostgreSQL uses advisory locks for the same.
/// </summary>
public sealed class SqliteStartupLock : IAsyncDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    private readonly FileStream? _lock;

    private SqliteStartupLock(FileStream? held) => _lock = held;

    /// <summary>Waits for the lock of <paramref name="databasePath"/>; no lock for an in-memory database.</summary>
    public static async Task<SqliteStartupLock> AcquireAsync(string? databasePath, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(databasePath) || databasePath == ":memory:")
        {
            return new SqliteStartupLock(null);
        }
        var path = databasePath + ".startup-lock";
        var giveUp = DateTime.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock on the open file (flock on Unix), across processes.
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                return new SqliteStartupLock(new FileStream(path, options));
            }
            catch (IOException) when (DateTime.UtcNow < giveUp)
            {
                await Task.Delay(RetryEvery, cancellationToken);
            }
        }
    }

    public ValueTask DisposeAsync() => _lock?.DisposeAsync() ?? ValueTask.CompletedTask;
}
