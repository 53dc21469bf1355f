using System.Diagnostics;

namespace BlazorSessionDemo.TestSupport;

/// <summary>How the tests end a server process of theirs: SIGKILL (like a crash, nothing gets to flush), then wait.</summary>
public static class KilledProcess
{
    /// <summary>Kills <paramref name="process"/> and its children, waits until it is gone and disposes of it.</summary>
    public static async Task KillAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
