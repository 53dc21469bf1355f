using System.Buffers;
using System.Text;

namespace DjangoSessions.Signing;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>, for output that is ASCII by construction
/// (<see cref="PythonJson"/>'s, with <c>ensure_ascii</c>): each character is its byte, so no string and no encoding
/// step comes between the session dict and the signer. Dispose gives the array back.
/// </summary>
internal sealed class AsciiBuffer : IDisposable
{
    private byte[] _bytes;
    private int _length;

    public AsciiBuffer(int capacity = 512) => _bytes = ArrayPool<byte>.Shared.Rent(capacity);

    /// <summary>What was written so far; valid until the next write or Dispose.</summary>
    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    public void Append(char ascii)
    {
        if (_length == _bytes.Length)
        {
            Grow(1);
        }
        _bytes[_length++] = (byte)ascii;
    }

    /// <summary>Appends <paramref name="ascii"/>, which the caller knows to be ASCII (each char one byte).</summary>
    public void Append(ReadOnlySpan<char> ascii)
    {
        if (_bytes.Length - _length < ascii.Length)
        {
            Grow(ascii.Length);
        }
        _length += Encoding.ASCII.GetBytes(ascii, _bytes.AsSpan(_length));
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _length + needed));
        _bytes.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = larger;
    }

    public void Dispose()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
            _length = 0;
        }
    }
}
