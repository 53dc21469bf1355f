using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DjangoSessions.Signing;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// Python's <c>json.dumps(obj, separators=(',', ':'))</c> with <c>ensure_ascii=True</c>, as Django's JSONSerializer
/// writes session data: the short escapes <c>\r \b \f</c>, every character outside <c>' '..'~'</c> (DEL 0x7f and
/// non-ASCII included) as lowercase <c>\uXXXX</c>, and None as <c>null</c>. The expected strings are what CPython prints.
/// </summary>
public sealed class PythonJsonEscapingTests
{
    [Theory]
    // json.dumps("\r") == '"\\r"', and so on: the short escapes, never \u000d.
    [InlineData("\r", "\"\\r\"")]
    [InlineData("\b", "\"\\b\"")]
    [InlineData("\f", "\"\\f\"")]
    [InlineData("a\r\nb\tc\bd\fe", "\"a\\r\\nb\\tc\\bd\\fe\"")]
    public void Serialize_ControlCharactersWithAShortEscape_UseIt(string text, string expected)
    {
        Assert.Equal(expected, PythonJson.Serialize(JsonValue.Create(text)));
    }

    [Fact]
    public void Serialize_Tilde_IsTheLastCharacterWrittenAsIs_AndDelIsEscaped()
    {
        // ensure_ascii escapes [^\ -~]: '~' (0x7e) stays, DEL (0x7f) is the first escaped above it.
        Assert.Equal("\"~\"", PythonJson.Serialize(JsonValue.Create("~")));
        Assert.Equal("\"\\u007f\"", PythonJson.Serialize(JsonValue.Create("\u007f")));
        Assert.Equal("\" ~\\u007f\\u00e9\\ud83d\\ude00\\u0001\"", PythonJson.Serialize(JsonValue.Create(" ~\u007f\u00e9\U0001F600\u0001")));
    }

    [Fact]
    public void Serialize_DictAsPythonPrintsIt()
    {
        // python3 -c 'import json; print(json.dumps({"a":"\r\b\f~\x7f\u00e9\U0001F600\x01 ","n":None}, separators=(",",":")))'
        var dict = new JsonObject { ["a"] = "\r\b\f~\u007f\u00e9\U0001F600\u0001 ", ["n"] = null };

        Assert.Equal("""{"a":"\r\b\f~\u007f\u00e9\ud83d\ude00\u0001 ","n":null}""", PythonJson.Serialize(dict));
    }

    [Fact]
    public void Serialize_AJsonValueWhoseJsonIsNull_IsWrittenAsNull()
    {
        // A JsonValue (not a C# null) holding a JSON null: a JsonDocument whose root is null.
        var typeInfo = JsonMetadataServices.CreateValueInfo<JsonDocument>(JsonSerializerOptions.Default, JsonMetadataServices.JsonDocumentConverter);
        using var document = JsonDocument.Parse("null");
        var nullValue = JsonValue.Create(document, typeInfo)!;
        Assert.Equal(JsonValueKind.Null, nullValue.GetValueKind());

        Assert.Equal("null", PythonJson.Serialize(nullValue));
        Assert.Equal("""{"user_id":3,"last":null}""", PythonJson.Serialize(new JsonObject { ["user_id"] = 3, ["last"] = nullValue }));
    }

    [Fact]
    public void Serialize_LargerThanItsFirstBuffer_IsWhole_AndTheSameAsItsBytes()
    {
        // Well past the pooled buffer's first 512 bytes, with escapes straddling its growth.
        var dict = new JsonObject();
        for (var i = 0; i < 200; i++)
        {
            dict[$"key{i}"] = i % 3 == 0 ? $"plain value {i}" : i % 3 == 1 ? $"quote \" and \\ {i}" : $"caf\u00e9 {i}\n";
        }
        var expected = string.Concat("{", string.Join(",", Enumerable.Range(0, 200).Select(i => $"\"key{i}\":" + (i % 3 == 0
            ? $"\"plain value {i}\"" : i % 3 == 1 ? $"\"quote \\\" and \\\\ {i}\"" : $"\"caf\\u00e9 {i}\\n\""))), "}");

        Assert.Equal(expected, PythonJson.Serialize(dict));
        using var bytes = PythonJson.SerializeAscii(dict);
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(bytes.Written));
    }

    [Theory]
    // The one-step copy is only for strings with nothing to escape: a quote, a backslash or anything outside ' '..'~'
    // anywhere in the string sends it through the escaping loop.
    [InlineData("abc", "\"abc\"")]
    [InlineData("", "\"\"")]
    [InlineData("ab\"", "\"ab\\\"\"")]
    [InlineData("\\ab", "\"\\\\ab\"")]
    [InlineData("ab\u0080", "\"ab\\u0080\"")]
    public void Serialize_PlainAndEscapedStrings(string text, string expected)
    {
        Assert.Equal(expected, PythonJson.Serialize(JsonValue.Create(text)));
    }
}
