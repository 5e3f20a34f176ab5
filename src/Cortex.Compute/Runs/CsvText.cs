using System.Globalization;
using System.Text;

namespace Cortex.Compute.Runs;

/// <summary>How result CSVs are written: a header line, then rows, numbers in the invariant culture.</summary>
public sealed class CsvText
{
    readonly StringBuilder _csv = new();

    public CsvText(params IEnumerable<string> header) => Line(header.Select(Name));

    public int Rows { get; private set; }

    /// <summary>One row: strings are quoted (<see cref="Field"/>), numbers written round-trippable, null left empty.</summary>
    public CsvText Row(params IEnumerable<object?> values)
    {
        Line(values.Select(v => v switch
        {
            null => "",
            string text => Field(text),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => Field(v.ToString() ?? ""),
        }));
        Rows++;
        return this;
    }

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(_csv.ToString());

    /// <summary>A CSV field: quoted, with inner quotes doubled, so names with commas survive.</summary>
    public static string Field(string value) => $"\"{value.Replace("\"", "\"\"")}\"";

    /// <summary>A column name: bare unless it holds a comma, quote or line break (an evaluator's name can).</summary>
    public static string Name(string value) => value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : Field(value);

    void Line(IEnumerable<string> fields) => _csv.AppendJoin(',', fields).Append('\n');
}
