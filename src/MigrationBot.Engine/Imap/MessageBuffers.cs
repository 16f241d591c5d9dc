using Microsoft.IO;

namespace MigrationBot.Engine.Imap;

/// <summary>
/// Where fetched message bytes live between FETCH and APPEND: pooled 16 KB blocks, not fresh arrays. Fresh arrays
/// outlived a young-generation collection while the batch waited for its APPEND, so the collector copied every
/// message once more; that was most of the engine's GC time in the benchmark. At most 64 MB of free blocks stay
/// pooled (twice the default memory budget), so memory goes back once a run slows down.
/// </summary>
internal static class MessageBuffers
{
    private static readonly RecyclableMemoryStreamManager Manager = new(new RecyclableMemoryStreamManager.Options
    {
        BlockSize = 16 * 1024,
        MaximumSmallPoolFreeBytes = 64L * 1024 * 1024,
        MaximumLargePoolFreeBytes = 16L * 1024 * 1024,
        // A message's bytes are never turned into one array: that would put every large message on the LOH.
        ThrowExceptionOnToArray = true,
    });

    /// <summary>A stream for one message of <paramref name="expectedLength"/> bytes (0 when not known).</summary>
    public static RecyclableMemoryStream Rent(long expectedLength) =>
        Manager.GetStream("message", Math.Max(expectedLength, 0));
}
