// Marks one symbol-version requirement of an ELF shared library as weak (VER_FLG_WEAK).
//
// Why: TorchSharp 0.107.0's libLibTorchSharp.so requires GLIBCXX_3.4.32 (GCC 13's libstdc++) only
// for std::ios_base_library_init(), a symbol it references but never calls (no relocation uses it).
// Debian 12 ships GCC 12's libstdc++, so the dynamic loader refuses the whole library. A weak
// version requirement lets the loader accept the library when that version is missing, and changes
// nothing on systems that have it. This file is compiled twice: as an MSBuild inline task (netstandard2.0,
// see Directory.Build.targets) and into the compute tests, which check the patch on real files.
using System;
using System.IO;
using System.Text;

public static class ElfWeakVersion
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    public enum Outcome { Patched, AlreadyWeak, NotRequired }

    /// <summary>Sets VER_FLG_WEAK on every requirement of <paramref name="version"/> in the file.</summary>
    /// <exception cref="InvalidDataException">The file is not a little-endian ELF64 object.</exception>
    public static Outcome MarkWeak(string path, string version)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"{path}: not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{path}: only little-endian ELF64 is supported");

        var sectionTable = (long)BitConverter.ToUInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3a), count = BitConverter.ToUInt16(elf, 0x3c);
        var found = false;
        var patched = false;
        for (var i = 0; i < count; i++)
        {
            var header = (int)(sectionTable + i * entrySize);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed) continue;
            var offset = (int)BitConverter.ToUInt64(elf, header + 0x18);
            var linkedStrings = BitConverter.ToUInt32(elf, header + 0x28);
            var strings = (int)BitConverter.ToUInt64(elf, (int)(sectionTable + linkedStrings * entrySize) + 0x18);
            var needCount = (int)BitConverter.ToUInt32(elf, header + 0x2c);

            for (int need = 0, verneed = offset; need < needCount; need++)
            {
                var auxCount = BitConverter.ToUInt16(elf, verneed + 2);
                var aux = verneed + (int)BitConverter.ToUInt32(elf, verneed + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadString(elf, strings + (int)BitConverter.ToUInt32(elf, aux + 8));
                    if (name == version)
                    {
                        found = true;
                        var flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            elf[aux + 4] = (byte)(flags | VerFlgWeak); // little-endian low byte holds the flag
                            patched = true;
                        }
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                verneed += (int)BitConverter.ToUInt32(elf, verneed + 12);
            }
        }
        if (!patched) return found ? Outcome.AlreadyWeak : Outcome.NotRequired;

        var temporary = path + ".patching";
        File.WriteAllBytes(temporary, elf);
        File.Replace(temporary, path, null);
        return Outcome.Patched;
    }

    static string ReadString(byte[] bytes, int start)
    {
        var end = Array.IndexOf(bytes, (byte)0, start);
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }
}

#if !CORTEX_TESTS
public class MarkElfVersionWeak : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required] public string[] Files { get; set; } = Array.Empty<string>();
    [Microsoft.Build.Framework.Required] public string Version { get; set; } = "";

    public override bool Execute()
    {
        foreach (var file in Files)
        {
            if (!File.Exists(file)) continue;
            var outcome = ElfWeakVersion.MarkWeak(file, Version);
            if (outcome == ElfWeakVersion.Outcome.Patched)
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, $"Cortex: marked {Version} weak in {file}");
        }
        return true;
    }
}
#endif
