using System.Buffers.Binary;
using System.Text;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// The Python names a pickle imports (its GLOBAL, INST and STACK_GLOBAL opcodes), found by walking the
/// opcodes without running any of them. An import is how a pickle reaches a function to call, so this
/// list is what decides whether a checkpoint may be unpickled at all.
/// </summary>
static class PickleImports
{
    enum Argument { None, Fixed1, Fixed2, Fixed4, Fixed8, Line, Counted1, Counted4, Counted8 }

    const byte Stop = (byte)'.', Global = (byte)'c', Inst = (byte)'i', StackGlobal = 0x93, Memoize = 0x94, Proto = 0x80, Frame = 0x95;
    const byte Put = (byte)'p', BinPut = (byte)'q', LongBinPut = (byte)'r', Get = (byte)'g', BinGet = (byte)'h', LongBinGet = (byte)'j';
    const byte Unicode = (byte)'V', BinUnicode = (byte)'X', ShortBinUnicode = 0x8c, BinUnicode8 = 0x8d;
    const byte Ext1 = 0x82, Ext2 = 0x83, Ext4 = 0x84;

    /// <summary>Every import as "module.name", in order; <paramref name="name"/> (the archive entry) starts each complaint.</summary>
    /// <exception cref="InvalidDataException">The bytes are no complete pickle, or an import's name is only known when it runs.</exception>
    public static List<string> Of(ReadOnlySpan<byte> pickle, string name)
    {
        var imports = new List<string>();
        var memo = new Dictionary<long, string?>();
        // The top two stack items while both are known strings: STACK_GLOBAL imports module `below`, name `top`.
        string? below = null, top = null;
        var position = 0;
        while (position < pickle.Length)
        {
            var at = position;
            var opcode = pickle[position++];
            var argument = Take(pickle, ref position, ArgumentOf(opcode) ?? throw Corrupt(name, $"has an unknown opcode 0x{opcode:x2} at byte {at}"), name, at);
            string? pushed = null;
            switch (opcode)
            {
                case Stop:
                    return imports;
                case Global or Inst:
                    imports.Add($"{Ascii(argument)}.{Ascii(Take(pickle, ref position, Argument.Line, name, at))}");
                    break;
                case StackGlobal when below is not null && top is not null:
                    imports.Add($"{below}.{top}");
                    break;
                case StackGlobal:
                    throw Corrupt(name, $"imports a name that is only computed while it loads (STACK_GLOBAL at byte {at})");
                case Ext1 or Ext2 or Ext4:
                    throw Corrupt(name, $"imports through Python's extension registry (EXT opcode at byte {at}), which no checkpoint uses");
                case Memoize:
                    memo[memo.Count] = top;
                    continue;
                case Put or BinPut or LongBinPut:
                    memo[Index(opcode, argument)] = top;
                    continue;
                case Proto or Frame:
                    continue;
                case Get or BinGet or LongBinGet:
                    pushed = memo.GetValueOrDefault(Index(opcode, argument));
                    break;
                case BinUnicode or ShortBinUnicode or BinUnicode8:
                    pushed = Encoding.UTF8.GetString(argument);
                    break;
                case Unicode:
                    pushed = Ascii(argument);
                    break;
            }
            // A string or a memo read pushes one item; any other opcode leaves the top of the stack unknown.
            (below, top) = opcode is Get or BinGet or LongBinGet or BinUnicode or ShortBinUnicode or BinUnicode8 or Unicode ? (top, pushed) : (null, null);
        }
        throw Corrupt(name, "ends without its STOP opcode");
    }

    /// <summary>How each opcode of protocols 0–5 carries its argument (Python's pickletools lists them); null for no opcode.</summary>
    static Argument? ArgumentOf(byte opcode) => (char)opcode switch
    {
        '(' or '.' or '0' or '1' or '2' or 'N' or 'R' or 'a' or 'b' or 'd' or '}' or 'e' or 'l' or ']' or 'o' or 's' or 't' or ')' or 'u' or 'Q' => Argument.None,
        '\x81' or '\x85' or '\x86' or '\x87' or '\x88' or '\x89' or '\x8f' or '\x90' or '\x91' or '\x92' or '\x93' or '\x94' or '\x97' or '\x98' => Argument.None,
        'K' or 'h' or 'q' or '\x80' or '\x82' => Argument.Fixed1,
        'M' or '\x83' => Argument.Fixed2,
        'J' or 'j' or 'r' or '\x84' => Argument.Fixed4,
        'G' or '\x95' => Argument.Fixed8,
        'I' or 'L' or 'F' or 'S' or 'V' or 'P' or 'g' or 'p' or 'c' or 'i' => Argument.Line,
        'U' or 'C' or '\x8c' or '\x8a' => Argument.Counted1,
        'T' or 'B' or 'X' or '\x8b' => Argument.Counted4,
        '\x8d' or '\x8e' or '\x96' => Argument.Counted8,
        _ => null,
    };

    static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> pickle, ref int position, Argument argument, string name, int at)
    {
        var rest = pickle[position..];
        long length = argument switch
        {
            Argument.None => 0,
            Argument.Fixed1 => 1,
            Argument.Fixed2 => 2,
            Argument.Fixed4 => 4,
            Argument.Fixed8 => 8,
            Argument.Line => rest.IndexOf((byte)'\n') is >= 0 and var end ? end : long.MaxValue,
            Argument.Counted1 when rest.Length >= 1 => 1 + rest[0],
            Argument.Counted4 when rest.Length >= 4 => 4L + BinaryPrimitives.ReadUInt32LittleEndian(rest),
            Argument.Counted8 when rest.Length >= 8 => BinaryPrimitives.ReadUInt64LittleEndian(rest) is <= int.MaxValue and var count ? 8 + (long)count : long.MaxValue,
            _ => long.MaxValue,
        };
        if (length > rest.Length) throw Corrupt(name, $"stops inside the opcode at byte {at}");
        position += (int)length + (argument == Argument.Line ? 1 : 0);
        var header = argument switch { Argument.Counted1 => 1, Argument.Counted4 => 4, Argument.Counted8 => 8, _ => 0 };
        return rest[header..(int)length];
    }

    static long Index(byte opcode, ReadOnlySpan<byte> argument) => opcode switch
    {
        Put or Get => long.TryParse(Ascii(argument), out var index) ? index : -1,
        BinPut or BinGet => argument[0],
        _ => BinaryPrimitives.ReadUInt32LittleEndian(argument),
    };

    static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);

    static InvalidDataException Corrupt(string name, string problem) => new($"{name} {problem}");
}
