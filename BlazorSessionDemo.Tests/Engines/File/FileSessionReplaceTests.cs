using System.Text;
using DjangoSessions.Engines;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// Putting a written temp file in place of a session file, on this machine's real file system: the swap on Linux, the
/// rename where there is nothing to swap with; either way the session file has the new content, no temp file is left,
/// and a reader at any moment sees a whole old or a whole new file, never a missing or a partial one.
/// </summary>
public sealed class FileSessionReplaceTests : IDisposable
{
    private readonly FileEngineSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void OverAnExistingSessionFile_IsASwapOnLinux_AndLeavesOnlyTheNewContent()
    {
        var path = Write("sessionidabc", "old content");
        var temp = Write("sessionidabc_out_12345678", "new content");

        var swapped = FileSessionReplace.Replace(temp, path);

        // This project runs on Linux (ext4, tmpfs), where the swap is the point: a plain rename here is a regression.
        Assert.Equal(OperatingSystem.IsLinux(), swapped);
        Assert.Equal("new content", File.ReadAllText(path));
        Assert.Equal(["sessionidabc"], _sandbox.FolderEntries());
    }

    [Fact]
    public void WithNoSessionFileYet_IsAPlainRename()
    {
        var path = Path.Combine(_sandbox.Folder, "sessionidabc");
        var temp = Write("sessionidabc_out_12345678", "new content");

        Assert.False(FileSessionReplace.Replace(temp, path));

        Assert.Equal("new content", File.ReadAllText(path));
        Assert.Equal(["sessionidabc"], _sandbox.FolderEntries());
    }

    [Fact]
    public void OverAFolderSquattingTheName_FailsAsTheRenameDid_AndSwapsNothingAside()
    {
        var path = Path.Combine(_sandbox.Folder, "sessionidabc");
        Directory.CreateDirectory(path);
        var temp = Write("sessionidabc_out_12345678", "new content");

        Assert.ThrowsAny<IOException>(() => FileSessionReplace.Replace(temp, path));

        Assert.True(Directory.Exists(path));
        Assert.Equal("new content", File.ReadAllText(temp));
    }

    [Fact]
    public async Task AReaderDuringReplaces_AlwaysSeesOneWholeVersion()
    {
        var versions = Enumerable.Range(0, 4).Select(v => new string((char)('a' + v), 300 + v * 500)).ToArray();
        var path = Write("sessionidabc", versions[0]);
        using var stop = new CancellationTokenSource();
        var seen = new List<string>();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // A missing file throws here and fails the test: the name must never be without a file.
                var read = FileSessionFiles.Read(path)?.Content ?? "<missing>";
                if (!versions.Contains(read))
                {
                    seen.Add(read.Length > 20 ? read[..20] + $"... ({read.Length})" : read);
                }
            }
        });
        for (var i = 1; i <= 1500; i++)
        {
            var temp = Write($"sessionidabc_out_{i:D8}", versions[i % versions.Length]);
            FileSessionReplace.Replace(temp, path);
        }
        await stop.CancelAsync();
        await reader;

        Assert.Empty(seen);
        Assert.Equal(["sessionidabc"], _sandbox.FolderEntries());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_sandbox.Folder, name);
        File.WriteAllText(path, content, Encoding.ASCII);
        return path;
    }
}
