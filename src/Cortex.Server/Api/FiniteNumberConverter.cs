using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Server.Api;

/// <summary>
/// Numbers as JSON. Read as the framework reads them; written as null where not finite. JSON has no NaN or infinity,
/// and the framework's writer throws on one halfway through an answer, so a single such number failed a whole list.
/// The data file refuses them (<see cref="Storage.NonFiniteNumberException"/>), so this only matters for one that
/// got in some other way: it then shows as missing instead of taking every document around it down.
/// </summary>
public sealed class FiniteNumberConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
