using System.Collections.Concurrent;
using System.Globalization;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Cli.Output;

/// <summary>
/// Live progress, one line per mailbox and folder, at most once a second per mailbox (and always at a folder's end),
/// so a large run stays readable in a terminal and in a log file alike. Each line also says what the mailbox's pass
/// has copied so far in all its folders: <c>[ann@contoso.com] Projects: 8/9 (pass: 80,008 messages, 15.3 MB)</c>.
/// </summary>
public sealed class ProgressPrinter(TextWriter output, TimeProvider time) : IProgress<MigrationProgress>
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _last = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _write = new();

    public void Report(MigrationProgress value)
    {
        var now = time.GetUtcNow();
        var finished = value.ToCopy > 0 && value.Copied == value.ToCopy;
        if (value.Status is null && !finished && value.Copied > 0 && _last.TryGetValue(value.EmailAddress, out var last) && now - last < TimeSpan.FromSeconds(1))
            return;
        if (value.Status is null && value.ToCopy == 0)
            return;
        _last[value.EmailAddress] = now;
        var line = value.Status is not null
            ? $"[{value.EmailAddress}] {value.Status}"
            : string.Create(CultureInfo.InvariantCulture,
                $"[{value.EmailAddress}] {value.Folder}: {value.Copied}/{value.ToCopy} (pass: {value.PassCopied:#,0} messages, {value.PassBytes / 1048576.0:0.0} MB)");
        lock (_write)
            output.WriteLine(line);
    }
}
