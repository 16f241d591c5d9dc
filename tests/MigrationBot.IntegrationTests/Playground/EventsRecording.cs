using System.Text.Json;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// Reads the file the Playground writes with <c>--enable-events-recording</c>: pretty-printed JSON records
/// separated by <c>\n---\n</c>, appended as they happen. The bot's replies can land before the record of the
/// message that caused them (§2.10), so callers wait for what they expect rather than for positions.
/// </summary>
internal sealed class EventsRecording(string path)
{
    private const string Separator = "\n---\n";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public string Path { get; } = path;

    public IReadOnlyList<RecordedEvent> ReadAll()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        string text;
        using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        var events = new List<RecordedEvent>();
        foreach (var part in text.Split(Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                if (JsonSerializer.Deserialize<RecordedEvent>(part, PlaygroundClient.Json) is { } recorded)
                {
                    events.Add(recorded);
                }
            }
            catch (JsonException)
            {
                // The last record may be half written; it is read whole on the next poll.
            }
        }

        return events;
    }

    /// <summary>Waits until a record matches, or fails listing everything recorded so far.</summary>
    public async Task<RecordedEvent> WaitForAsync(string what, Func<RecordedEvent, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var events = ReadAll();
            if (events.FirstOrDefault(predicate) is { } match)
            {
                return match;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"no recorded event is {what} after {timeout.TotalSeconds:0} s; recorded ({events.Count}):\n" +
                    string.Join('\n', events.Select(e => "  " + e)));
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
