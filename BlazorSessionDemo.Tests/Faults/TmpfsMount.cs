using System.Diagnostics;

namespace BlazorSessionDemo.Tests.Faults;

/// <summary>
/// A small tmpfs of the test's own (needs root, as <c>./test.sh</c> runs), for faults a chmod can't make: root writes
/// through file modes, but not past a full or read-only filesystem. <see cref="Fill"/> and <see cref="MakeReadOnly"/>
/// check that the fault really holds before returning, so a test can't pass on a disk that wasn't full. Unmounted on
/// dispose; <c>./test.sh</c> also unmounts anything left under its <c>BSD_FAULTS_MOUNT_ROOT</c> if a run is killed.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private const string FillerName = "filler";

    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <param name="size">tmpfs' <c>size=</c> option, e.g. <c>4m</c>.</param>
    public static TmpfsMount Create(string size)
    {
        var root = Environment.GetEnvironmentVariable("BSD_FAULTS_MOUNT_ROOT") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bsd-faults");
        var path = Directory.CreateDirectory(System.IO.Path.Combine(root, "tmpfs-" + Guid.NewGuid().ToString("N"))).FullName;
        var (exit, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0700", "tmpfs", path);
        if (exit != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException(
                $"These fault tests mount a small tmpfs and must run as root with mount(8) allowed (./test.sh does): {output}");
        }
        return new TmpfsMount(path);
    }

    /// <summary>Fills the filesystem to the last byte with one file, then proves that no new data fits.</summary>
    public void Fill()
    {
        using (var filler = new FileStream(System.IO.Path.Combine(Path, FillerName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
        {
            foreach (var chunk in new[] { 64 * 1024, 4096, 1 })
            {
                var buffer = new byte[chunk];
                try
                {
                    while (true)
                    {
                        filler.Write(buffer);
                    }
                }
                catch (IOException)
                {
                    // ENOSPC: the next smaller chunk tries the remaining space.
                }
            }
        }
        var probe = System.IO.Path.Combine(Path, "probe");
        try
        {
            File.WriteAllBytes(probe, new byte[4096]);
        }
        catch (IOException)
        {
            return;
        }
        finally
        {
            File.Delete(probe);
        }
        throw new InvalidOperationException($"{Path} still took a new file's data after Fill: the fault would not be real.");
    }

    /// <summary>Frees the space <see cref="Fill"/> took.</summary>
    public void Free() => File.Delete(System.IO.Path.Combine(Path, FillerName));

    /// <summary>Remounts read-only (EROFS for every write, root's too), then proves a write fails.</summary>
    public void MakeReadOnly()
    {
        Remount("ro");
        try
        {
            File.WriteAllText(System.IO.Path.Combine(Path, "probe"), "x");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }
        throw new InvalidOperationException($"{Path} took a write after the read-only remount: the fault would not be real.");
    }

    public void MakeWritable() => Remount("rw");

    public void Dispose()
    {
        // A lazy unmount if something still holds a file open (a pooled connection): the mount goes away regardless.
        if (Run("umount", Path).ExitCode != 0)
        {
            Run("umount", "-l", Path);
        }
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Still busy: ./test.sh removes its mount root at the end.
        }
    }

    private void Remount(string mode)
    {
        var (exit, output) = Run("mount", "-o", $"remount,{mode}", Path);
        if (exit != 0)
        {
            throw new InvalidOperationException($"mount -o remount,{mode} {Path} failed: {output}");
        }
    }

    private static (int ExitCode, string Output) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result + error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{command} could not run: {ex.Message}");
        }
    }
}
