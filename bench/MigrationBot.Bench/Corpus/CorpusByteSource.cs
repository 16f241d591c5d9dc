using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MigrationBot.Bench.Corpus;

/// <summary>
/// Deterministic filler bytes for bodies and attachments (xorshift64*, Vigna 2014). A seeded <see cref="Random"/>
/// draws one byte per step and made a 656 MB corpus take minutes; this draws eight.
/// </summary>
internal sealed class CorpusByteSource
{
    private ulong _state;

    public CorpusByteSource(int seed)
    {
        // SplitMix64 of the seed: a zero state would stay zero.
        var z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        _state = (z ^ (z >> 31)) | 1;
    }

    public void Fill(Span<byte> destination)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(destination);
        for (var i = 0; i < words.Length; i++)
        {
            // Little-endian on every machine, so the bytes do not depend on the CPU.
            words[i] = BitConverter.IsLittleEndian ? Next() : BinaryPrimitives.ReverseEndianness(Next());
        }

        var tail = destination[(words.Length * 8)..];
        if (tail.Length > 0)
        {
            Span<byte> last = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(last, Next());
            last[..tail.Length].CopyTo(tail);
        }
    }

    private ulong Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return unchecked(_state * 0x2545F4914F6CDD1DUL);
    }
}
