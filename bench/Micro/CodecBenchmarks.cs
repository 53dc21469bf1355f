using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using DjangoSessions;
using Microsoft.Extensions.DependencyInjection;

namespace Micro;

/// <summary>Django's signing.dumps/loads of a session dict (JSON, HMAC-SHA256, zlib when it helps) by payload size.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private MicroHost _host = null!;
    private SessionDataCodec _codec = null!;
    private JsonObject _data = null!;
    private string _encoded = null!;

    [Params(100, 1024, 4096)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _host = MicroHost.Start();
        _codec = _host.Services.GetRequiredService<SessionDataCodec>();
        _data = SessionPayload.OfSize(Bytes);
        _encoded = _codec.Encode(_data);
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark]
    public string Encode() => _codec.Encode(_data);

    [Benchmark]
    public JsonObject Decode() => _codec.Decode(_encoded);
}

/// <summary>Session keys: 32 characters of [a-z0-9] from the CSPRNG.</summary>
[MemoryDiagnoser]
public class KeyBenchmarks
{
    [Benchmark]
    public string Generate() => SessionKeys.Generate();

    [Benchmark]
    public bool Validate() => SessionKeys.IsWellFormed("abcdefghijklmnopqrstuvwxyz012345");
}

internal static class SessionPayload
{
    /// <summary>A login-like session (user_id, user_info, ...) padded with a varied string to about <paramref name="bytes"/> of JSON.</summary>
    public static JsonObject OfSize(int bytes)
    {
        var data = new JsonObject
        {
            ["user_id"] = 1,
            ["user_info"] = "**1 alice alice@example.com",
            ["_session_expiry"] = 300,
        };
        var used = data.ToJsonString().Length + 12;
        var random = new Random(8);
        var padding = new string(Enumerable.Range(0, Math.Max(0, bytes - used)).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());
        data["pad"] = padding;
        return data;
    }
}
