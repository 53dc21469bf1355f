using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

// Open-loop load at a fixed rate, free of coordinated omission: request i is due at start + i / rate whether or not
// earlier ones have answered, and its latency is measured from that due time (not from when a connection was free),
// so a server that stalls is charged for every request that had to wait — what wrk2 and vegeta do. Debian ships
// neither, hence this. Usage:
//   LoadGen --url U --rate R --duration S [--connections C] [--method GET|POST] [--header "Name: value"]...
//           [--body TEXT --content-type T] [--out result.json] [--samples samples.csv] [--stop-file PATH]
//           [--session-keys FILE [--cookie-name sessionid]]
// With --stop-file the run ends early (requests not yet due are not sent) once PATH exists. --warmup S first sends
// at the same rate for S seconds, unrecorded (JIT, connections), so the measured run starts warm.
// --session-keys gives one session per user, as real users have (E3: a session takes one request at a time, or the
// session's concurrency guard rightly answers 409): each request borrows a free key of the file (waiting, charged to
// its latency, when all are busy), sends it as the cookie, keeps the value a response sets (signed_cookies changes it
// on every write) and gives it back.
var options = Options.Parse(args);
var sessions = System.Threading.Channels.Channel.CreateUnbounded<string>();
if (options.SessionKeys is { } keysPath)
{
    foreach (var key in File.ReadLines(keysPath).Where(l => l.Length > 0))
    {
        sessions.Writer.TryWrite(key);
    }
}
using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Connections,
    UseCookies = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
};
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
var total = (int)Math.Max(1, Math.Round(options.Rate * options.Duration));
var latencies = new double[total];
var statuses = new int[total];
var ticksPerRequest = Stopwatch.Frequency / options.Rate;
if (options.Warmup > 0)
{
    var warmTotal = (int)(options.Rate * options.Warmup);
    var warmTasks = new List<Task<int>>(warmTotal);
    var warmStart = Stopwatch.GetTimestamp();
    for (var w = 0; w < warmTotal;)
    {
        var due = Math.Min(warmTotal, (int)((Stopwatch.GetTimestamp() - warmStart) / ticksPerRequest) + 1);
        for (; w < due; w++)
        {
            warmTasks.Add(SendOnceAsync());
        }
        if (w < warmTotal)
        {
            await Task.Delay(1);
        }
    }
    await Task.WhenAll(warmTasks);
}
var pending = new List<Task>(total);
var start = Stopwatch.GetTimestamp();
var startedUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

var lastStopCheck = start;
var sent = 0;
while (sent < total)
{
    var now = Stopwatch.GetTimestamp();
    if (options.StopFile is not null && Stopwatch.GetElapsedTime(lastStopCheck, now).TotalMilliseconds >= 100)
    {
        lastStopCheck = now;
        if (File.Exists(options.StopFile))
        {
            break;
        }
    }
    var due = Math.Min(total, (int)((now - start) / ticksPerRequest) + 1);
    for (; sent < due; sent++)
    {
        pending.Add(SendAsync(sent, start + (long)(sent * ticksPerRequest)));
    }
    if (sent < total)
    {
        // Sleeping (not spinning) leaves the core to the responses; requests due meanwhile go out together on wake-up
        // and are charged from their own due time.
        await Task.Delay(1);
    }
}
var allSent = Stopwatch.GetTimestamp();
await Task.WhenAll(pending);
total = sent;
latencies = latencies[..total];
statuses = statuses[..total];
var end = Stopwatch.GetTimestamp();

var ok = latencies.Where((_, i) => statuses[i] is >= 200 and < 400).Order().ToArray();
var result = new Dictionary<string, object>
{
    ["url"] = options.Url,
    ["target_rate"] = options.Rate,
    ["requests"] = total,
    ["ok"] = ok.Length,
    ["errors"] = statuses.Count(s => s == 0),
    ["non_2xx_3xx"] = statuses.Count(s => s >= 400),
    ["send_seconds"] = Stopwatch.GetElapsedTime(start, allSent).TotalSeconds,
    ["achieved_rate"] = total / Stopwatch.GetElapsedTime(start, end).TotalSeconds,
    ["started_unix_ms"] = startedUnixMs,
    ["latency_ms"] = new Dictionary<string, double>
    {
        ["p50"] = Percentile(ok, 50), ["p90"] = Percentile(ok, 90), ["p99"] = Percentile(ok, 99),
        ["p99.9"] = Percentile(ok, 99.9), ["max"] = ok.Length > 0 ? ok[^1] : double.NaN,
        ["mean"] = ok.Length > 0 ? ok.Average() : double.NaN,
    },
};
var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
if (options.Out is { } outPath)
{
    await File.WriteAllTextAsync(outPath, json);
}
Console.WriteLine(json);
if (options.Samples is { } samplesPath)
{
    // due offset (ms from start), latency (ms), status: for percentiles over a window (e.g. while clearsessions runs).
    await using var writer = new StreamWriter(samplesPath);
    for (var i = 0; i < total; i++)
    {
        await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{i * 1000.0 / options.Rate:F3},{latencies[i]:F3},{statuses[i]}"));
    }
}
return 0;

async Task SendAsync(int index, long dueTimestamp)
{
    statuses[index] = await SendOnceAsync();
    latencies[index] = Stopwatch.GetElapsedTime(dueTimestamp, Stopwatch.GetTimestamp()).TotalMilliseconds;
}

// The response's status, or 0 when there was none (connection error, timeout).
async Task<int> SendOnceAsync()
{
    using var request = new HttpRequestMessage(options.Method, options.Url);
    foreach (var (name, value) in options.Headers)
    {
        request.Headers.TryAddWithoutValidation(name, value);
    }
    if (options.SessionKeys is null)
    {
        return await SendOnWireAsync(request, null);
    }
    var key = await sessions.Reader.ReadAsync();
    request.Headers.TryAddWithoutValidation("Cookie", $"{options.CookieName}={key}");
    var keep = new string[] { key };
    try
    {
        return await SendOnWireAsync(request, keep);
    }
    finally
    {
        sessions.Writer.TryWrite(keep[0]);
    }
}

// keep[0]: the session's cookie value, replaced by the one the response sets, if any.
async Task<int> SendOnWireAsync(HttpRequestMessage request, string[]? keep)
{
    if (options.Body is not null)
    {
        request.Content = new StringContent(options.Body, System.Text.Encoding.UTF8, options.ContentType);
    }
    try
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        if (keep is not null && response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            var prefix = options.CookieName + "=";
            foreach (var cookie in cookies.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var value = cookie[prefix.Length..].Split(';')[0];
                keep[0] = value.Length > 0 ? value : keep[0];
            }
        }
        return (int)response.StatusCode;
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        return 0;
    }
}

static double Percentile(double[] sorted, double p)
{
    if (sorted.Length == 0)
    {
        return double.NaN;
    }
    var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
}

internal sealed record Options(string Url, double Rate, double Duration, int Connections, HttpMethod Method,
    List<(string, string)> Headers, string? Body, string ContentType, string? Out, string? Samples, string? StopFile, double Warmup,
    string? SessionKeys, string CookieName)
{
    public static Options Parse(string[] args)
    {
        string? url = null, body = null, output = null, samples = null, stopFile = null, sessionKeys = null;
        var cookieName = "sessionid";
        string contentType = "application/json";
        double rate = 0, duration = 0, warmup = 0;
        var connections = 64;
        var method = HttpMethod.Get;
        var headers = new List<(string, string)>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--url": url = value; break;
                case "--rate": rate = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--duration": duration = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--connections": connections = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--method": method = new HttpMethod(value); break;
                case "--header":
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    headers.Add((value[..colon].Trim(), value[(colon + 1)..].Trim()));
                    break;
                case "--body": body = value; break;
                case "--content-type": contentType = value; break;
                case "--out": output = value; break;
                case "--samples": samples = value; break;
                case "--stop-file": stopFile = value; break;
                case "--warmup": warmup = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--session-keys": sessionKeys = value; break;
                case "--cookie-name": cookieName = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (url is null || rate <= 0 || duration <= 0)
        {
            throw new ArgumentException("--url, --rate and --duration are required");
        }
        return new Options(url, rate, duration, connections, method, headers, body, contentType, output, samples, stopFile, warmup,
            sessionKeys, cookieName);
    }
}
