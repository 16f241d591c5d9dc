using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace MigrationBot.Engine.Csv;

/// <summary>
/// Reads Exchange's IMAP-migration CSV: header <c>EmailAddress,UserName,Password</c> with optional
/// <c>UserRoot</c>, UTF-8 with or without BOM, at most <see cref="MaxRows"/> rows and <see cref="MaxBytes"/> bytes
/// (Exchange Online's limits). Every problem is collected with its line so the admin can fix the file in one go.
/// Read with <see cref="CsvPasswords.Forbidden"/> for a file without the Password column, where the endpoint's
/// admin credentials log in for every user.
/// </summary>
/// <example><code>
/// var csv = MigrationCsv.Read(stream);
/// if (!csv.IsValid) { report(csv.Problems); return; }
/// var mailboxes = csv.MailboxesToMigrate();
/// </code></example>
public static class MigrationCsv
{
    /// <summary>Most data rows a file may have (Exchange Online: 50,000 per batch).</summary>
    public const int MaxRows = 50_000;

    /// <summary>Largest file accepted, in bytes (Exchange Online: 10 MB).</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Reads a whole CSV from a stream (a file, an upload already in memory).</summary>
    /// <param name="passwords">Whether the file must have the Password column (Exchange's format, the default) or must not.</param>
    public static MigrationCsvResult Read(Stream stream, CsvPasswords passwords = CsvPasswords.Required)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckDefined(passwords);
        if (stream.CanSeek && stream.Length - stream.Position > MaxBytes)
        {
            return TooLarge();
        }

        var (buffer, chunk) = Buffers(stream);
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return TooLarge();
            }
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), passwords);
    }

    /// <summary>Reads a whole CSV with the Password column from a stream that is best read asynchronously (an HTTP download).</summary>
    public static Task<MigrationCsvResult> ReadAsync(Stream stream, CancellationToken cancellationToken) =>
        ReadAsync(stream, CsvPasswords.Required, cancellationToken);

    /// <summary>Reads a whole CSV from a stream that is best read asynchronously (an HTTP download).</summary>
    /// <param name="passwords">Whether the file must have the Password column or must not.</param>
    public static async Task<MigrationCsvResult> ReadAsync(Stream stream, CsvPasswords passwords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckDefined(passwords);
        if (stream.CanSeek && stream.Length - stream.Position > MaxBytes)
        {
            return TooLarge();
        }

        var (buffer, chunk) = Buffers(stream);
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return TooLarge();
            }
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), passwords);
    }

    /// <summary>
    /// Where a file's bytes are gathered, and the chunk read at a time: for a file that says its size, both at
    /// that size (a byte more, to see the end in the second read), not an 80 KB chunk and a growing copy for a CSV
    /// of a few KB. A stream that does not know its size (a download, or a file under /proc that says 0) is read in
    /// 80 KB chunks.
    /// </summary>
    private static (MemoryStream Buffer, byte[] Chunk) Buffers(Stream stream)
    {
        const int Chunk = 81920;
        var size = stream.CanSeek ? stream.Length - stream.Position : 0;
        return size is > 0 and < Chunk
            ? (new MemoryStream((int)size), new byte[size + 1])
            : (new MemoryStream(), new byte[Chunk]);
    }

    private static void CheckDefined(CsvPasswords passwords)
    {
        if (!Enum.IsDefined(passwords))
        {
            throw new ArgumentOutOfRangeException(nameof(passwords), passwords, "Use CsvPasswords.Required or CsvPasswords.Forbidden.");
        }
    }

    private static MigrationCsvResult Parse(ReadOnlySpan<byte> bytes, CsvPasswords passwords)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        // Checked here rather than left to the CSV reader so the admin learns which line Excel mis-encoded.
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var bytesRead, out _, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var line = bytes[..bytesRead].Count((byte)'\n') + 1;
            return Refused(new CsvProblem(line,
                "The file is not UTF-8 (Excel's \"CSV (comma delimited)\" uses another encoding): save it as \"CSV UTF-8 (comma delimited)\" and upload it again."));
        }

        return MigrationCsvParser.Parse(bytes.ToArray(), passwords);
    }

    private static MigrationCsvResult TooLarge() => Refused(new CsvProblem(0,
        "The file is larger than 10 MB, Exchange's limit for one batch: split it into several files of at most 50,000 rows and 10 MB."));

    internal static MigrationCsvResult Refused(CsvProblem problem) => new([], [problem]);
}
