using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DjangoSessions.Signing;

/// <summary>
/// Writes JSON byte-for-byte as Django's <c>JSONSerializer</c> does (<c>json.dumps(obj, separators=(',', ':'))</c>,
/// <c>ensure_ascii=True</c>): compact, every character outside printable ASCII escaped as lowercase <c>\uXXXX</c>.
/// Same bytes means the same signature a Django app would compute, which the interop vectors prove.
/// </summary>
internal static class PythonJson
{
    public static string Serialize(JsonNode? node)
    {
        using var json = SerializeAscii(node);
        return Encoding.ASCII.GetString(json.Written);
    }

    /// <summary>
    /// <see cref="Serialize"/>'s bytes (ASCII, so also its UTF-8) in a pooled buffer, with no string in between: what
    /// the signer and the parser read on every save. The caller disposes it.
    /// </summary>
    public static AsciiBuffer SerializeAscii(JsonNode? node)
    {
        var json = new AsciiBuffer();
        try
        {
            Write(json, node);
            return json;
        }
        catch
        {
            json.Dispose();
            throw;
        }
    }

    private static void Write(AsciiBuffer sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                var firstProperty = true;
                foreach (var (key, value) in obj)
                {
                    if (!firstProperty)
                    {
                        sb.Append(',');
                    }
                    firstProperty = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    Write(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }
                    Write(sb, array[i]);
                }
                sb.Append(']');
                break;
            case JsonValue value:
                WriteValue(sb, value);
                break;
        }
    }

    private static void WriteValue(AsciiBuffer sb, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(sb, value.TryGetValue<string>(out var text) ? text : JsonSerializer.Deserialize<string>(value.ToJsonString())!);
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            case JsonValueKind.Null:
                sb.Append("null");
                break;
            default:
                // Numbers keep the text they were parsed from; CLR numbers use the invariant round-trip form.
                sb.Append(value.ToJsonString());
                break;
        }
    }

    private static void WriteString(AsciiBuffer sb, string s)
    {
        sb.Append('"');
        // Most strings (keys, ids, hashes, names) need no escape at all: copied in one step.
        var plain = s.AsSpan().IndexOfAnyExceptInRange(' ', '~') < 0 && s.AsSpan().IndexOfAny('"', '\\') < 0;
        if (plain)
        {
            sb.Append(s);
            sb.Append('"');
            return;
        }
        Span<char> escape = stackalloc char[6];
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        "\\u".CopyTo(escape);
                        ((int)c).TryFormat(escape[2..], out _, "x4", CultureInfo.InvariantCulture);
                        sb.Append(escape);
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
