using System.Text;
using DjangoSessions.Engines;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// A session file is read whole through one pooled buffer sized by the file, as Django opens it (ASCII): every length
/// comes back exactly, however it sits against the buffer's sizes, and a byte outside ASCII can't pass as data.
/// </summary>
public sealed class FileSessionReadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("file-read-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(4096)]
    [InlineData(70_000)]
    public void EveryLength_ReadsBackExactly(int length)
    {
        var content = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i * 7 % 26))));
        var path = Path.Combine(_folder, "s");
        File.WriteAllText(path, content, Encoding.ASCII);

        var (read, modified) = FileSessionFiles.Read(path)!.Value;

        Assert.Equal(content, read);
        Assert.Equal(File.GetLastWriteTimeUtc(path), modified);
    }

    [Fact]
    public void BytesOutsideAscii_ReadAsQuestionMarks_AsPythonsAsciiWouldRefuseThem()
    {
        var path = Path.Combine(_folder, "s");
        File.WriteAllBytes(path, [(byte)'a', 0xC3, 0xA9, (byte)':']);

        Assert.Equal("a??:", FileSessionFiles.Read(path)!.Value.Content);
    }

    [Fact]
    public void AMissingFile_IsNoSession() => Assert.Null(FileSessionFiles.Read(Path.Combine(_folder, "gone")));
}
