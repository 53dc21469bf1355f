using System.Buffers.Text;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Interop;

/// <summary>
/// <c>Interop/django-3.2-vectors.json</c>: sessions written by real Django 3.2.25 (db engine rows and signed_cookies
/// values for the same dicts), copied to the test output folder by the csproj.
/// </summary>
public static class DjangoVectors
{
    private static readonly Lazy<JsonObject> File = new(() => (JsonObject)JsonNode.Parse(
        System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Interop", "django-3.2-vectors.json")))!);

    public static string SecretKey => File.Value["secret_key"]!.GetValue<string>();

    public static string SignedCookiesSalt => File.Value["signed_cookies_salt"]!.GetValue<string>();

    public static IEnumerable<Vector> All => File.Value["vectors"]!.AsArray().Select(v => new Vector(
        v!["session_key"]!.GetValue<string>(),
        v["data"]!.AsObject(),
        v["session_data"]!.GetValue<string>(),
        v["signed_cookie"]!.GetValue<string>()));

    public static Vector Get(string sessionKey) => All.Single(v => v.SessionKey == sessionKey);

    public sealed record Vector(string SessionKey, JsonObject Data, string SessionData, string SignedCookie)
    {
        /// <summary>signing.dumps writes <c>payload:timestamp:signature</c>; a leading '.' marks a zlib payload.</summary>
        public bool IsCompressed => SessionData.StartsWith('.');

        public string Timestamp => SessionData.Split(':')[1];

        /// <summary>A fresh copy of the dict, so a test can hand it to code that takes ownership of nodes.</summary>
        public JsonObject CopyData() => Data.DeepClone().AsObject();
    }

    /// <summary>
    /// The JSON bytes inside a signed value, unpacked independently of the code under test: base64url, then zlib when
    /// the payload starts with '.'.
    /// </summary>
    public static string PayloadJson(string signedValue)
    {
        var payload = signedValue[..signedValue.IndexOf(':')];
        var compressed = payload.StartsWith('.');
        var bytes = Base64Url.DecodeFromChars(compressed ? payload.AsSpan(1) : payload.AsSpan());
        if (compressed)
        {
            using var zlib = new ZLibStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            zlib.CopyTo(output);
            bytes = output.ToArray();
        }
        return Encoding.UTF8.GetString(bytes);
    }
}
