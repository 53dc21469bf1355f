using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DjangoSessions;
using DjangoSessions.Http;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace BlazorSessionDemo.Exchanges;

/// <summary>
/// Records one form POST's exchange for the page its redirect opens ("what just happened"). A page or endpoint calls
/// <see cref="BeginAsync"/> before it changes the session (the key and data before); <see cref="ExchangeRecordingMiddleware"/>
/// calls <see cref="Finish"/> when the response starts, after SessionMiddleware has saved and written its cookie, so the
/// record holds the real <c>Set-Cookie</c> and the key the store gave. Only a redirect carries a record: a page that
/// renders in place (a refused form, a 429, a 503) shows its own answer.
/// </summary>
public sealed partial class ExchangeRecorder(
    IDataProtectionProvider protection, IOptions<DjangoSessionSettings> settings, ILogger<ExchangeRecorder> logger)
{
    public const string CookieName = "session_exchange_last";
    private const string Purpose = "BlazorSessionDemo.Exchange.Last.v1";

    /// <summary>The record's JSON stays under this, so the protected cookie stays under a browser's 4 KB.</summary>
    private const int MaxRecordBytes = 2400;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Path "/": the redirect may land anywhere (login's returnUrl); the first page rendered takes it.
    private OneTimeCookie Cookie => new(protection, CookieName, Purpose, "/");

    private string SessionCookieName => settings.Value.Cookie.CookieName;

    /// <summary>Notes the session as it is before <paramref name="action"/> changes it (loads it: one read, never a write).</summary>
    public async Task BeginAsync(HttpContext context, string action)
    {
        if (!context.HasDjangoSession())
        {
            return;
        }
        var session = await context.GetDjangoSessionAsync();
        context.Request.Cookies.TryGetValue(SessionCookieName, out var sent);
        context.Features.Set(new PendingExchange(action, sent, session.SessionKey, Snapshot(session)));
    }

    /// <summary>At response start, after the session's save: builds the record and leaves it in the one-time cookie.</summary>
    public void Finish(HttpContext context)
    {
        if (context.Features.Get<PendingExchange>() is not { } pending || context.Features.Get<IDjangoSessionFeature>() is not { } feature)
        {
            return;
        }
        context.Features.Set<PendingExchange>(null);
        var response = context.Response;
        if (response.StatusCode is < 300 or >= 400)
        {
            return;
        }
        var session = feature.Session;
        var prefix = SessionCookieName + "=";
        var lines = response.Headers.SetCookie.Where(h => h is not null && h.StartsWith(prefix, StringComparison.Ordinal)).Select(h => h!).ToList();
        var deleted = lines.Count > 0 && lines.All(IsDeletion);
        var set = lines.Any(l => !IsDeletion(l));
        var keyAfter = session.SessionKey;
        var (changes, leftOut) = SessionDataDiff.Between(pending.Data, session.IsLoaded ? Snapshot(session) : pending.Data);
        var record = new ExchangeRecord(
            pending.Action, context.Request.Method, context.Request.Path.Value ?? "/",
            ShownText.Cut(pending.CookieSent), ShownText.Cut(pending.KeyBefore), ShownText.Cut(keyAfter),
            pending.KeyBefore != keyAfter,
            StoreOperation.Describe(settings.Value.Engine, pending.KeyBefore, keyAfter, set, deleted),
            response.StatusCode, response.Headers.Location.ToString() is { Length: > 0 } location ? ShownText.Cut(location, 200) : null,
            [.. lines.Select(ShownText.SetCookieLine)], changes, leftOut);
        try
        {
            Cookie.Put(context, Serialize(record));
        }
        catch (CryptographicException ex)
        {
            // A teaching aid: a key ring that can't protect loses the panel, never the action it describes.
            NotRecorded(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The exchange panel's record could not be protected; the next page shows none.")]
    private static partial void NotRecorded(ILogger logger, Exception exception);

    /// <summary>The record the last POST left for this page, once per request (the layout and the page may both ask).</summary>
    public ExchangeRecord? Take(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(ExchangeRecord), out var taken))
        {
            return taken as ExchangeRecord;
        }
        ExchangeRecord? record = null;
        if (Cookie.Take(context) is { } text)
        {
            try
            {
                record = JsonSerializer.Deserialize<ExchangeRecord>(text, Json);
            }
            catch (JsonException)
            {
            }
        }
        context.Items[typeof(ExchangeRecord)] = record;
        return record;
    }

    private static string Serialize(ExchangeRecord record)
    {
        var text = JsonSerializer.Serialize(record, Json);
        while (Encoding.UTF8.GetByteCount(text) > MaxRecordBytes && record.Changes.Count > 0)
        {
            record = record with { Changes = record.Changes.Take(record.Changes.Count - 1).ToList(), ChangesLeftOut = record.ChangesLeftOut + 1 };
            text = JsonSerializer.Serialize(record, Json);
        }
        return text;
    }

    // Django's delete_cookie: an empty value with max-age=0 (SessionCookie.DeletionOptions).
    private static bool IsDeletion(string line) =>
        SetCookieHeaderValue.TryParse(line, out var cookie) && cookie.Value.Length == 0 && cookie.MaxAge == TimeSpan.Zero;

    private static List<KeyValuePair<string, JsonNode?>> Snapshot(DjangoSession session) =>
        [.. session.Items.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))];

    private sealed record PendingExchange(string Action, string? CookieSent, string? KeyBefore, List<KeyValuePair<string, JsonNode?>> Data);
}
