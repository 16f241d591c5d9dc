namespace MigrationBot.BotFramework.Connector;

/// <summary>
/// Keeps the bot's sends under Teams' rate limits (BOTFRAMEWORK.md §1.3, msteams-docs <c>rate-limit.md</c>) by queueing
/// rather than bursting: per conversation 7 in 1 s, 8 in 2 s, 60 in 30 s and 1,800 in an hour; for the app 30 a second.
/// Each send reserves the earliest moment all those windows allow and waits until then, so callers that arrive together
/// leave one after another, in the order they came, and a 429 is the exception rather than the plan.
/// </summary>
public sealed class OutboundRateLimiter(TimeProvider time, IReadOnlyList<RateWindow> perConversation, IReadOnlyList<RateWindow> perApp)
{
    /// <summary>Per bot per thread: "send or create conversation" (rate-limit.md).</summary>
    public static readonly IReadOnlyList<RateWindow> TeamsPerConversation =
        [new(7, TimeSpan.FromSeconds(1)), new(8, TimeSpan.FromSeconds(2)), new(60, TimeSpan.FromSeconds(30)), new(1800, TimeSpan.FromHours(1))];

    /// <summary>"30 RPS per app per tenant" (rate-limit.md).</summary>
    public static readonly IReadOnlyList<RateWindow> TeamsPerApp = [new(30, TimeSpan.FromSeconds(1))];

    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _conversations = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _app = new();
    private readonly TimeSpan _keepConversation = Longest(perConversation);
    private readonly TimeSpan _keepApp = Longest(perApp);
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    public OutboundRateLimiter(TimeProvider time)
        : this(time, TeamsPerConversation, TeamsPerApp)
    {
    }

    /// <summary>Waits for this send's turn in <paramref name="conversationId"/>'s queue and the app's.</summary>
    /// <returns>How long it waited.</returns>
    public async Task<TimeSpan> WaitTurnAsync(string conversationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        DateTimeOffset turn;
        lock (_gate)
        {
            Sweep(now);
            if (!_conversations.TryGetValue(conversationId, out var sent))
                _conversations[conversationId] = sent = new Queue<DateTimeOffset>();
            Forget(sent, now - _keepConversation);
            Forget(_app, now - _keepApp);
            turn = Max(now, EarliestAllowed(sent, perConversation), EarliestAllowed(_app, perApp));
            sent.Enqueue(turn);
            _app.Enqueue(turn);
        }

        var wait = turn - now;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, time, cancellationToken);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>
    /// The first moment at which one more send keeps every window under its limit. Reservations are kept in the order
    /// of their moments, so for a window of n sends per w the n-th latest reservation plus w is that window's answer.
    /// </summary>
    private static DateTimeOffset EarliestAllowed(Queue<DateTimeOffset> reserved, IReadOnlyList<RateWindow> windows)
    {
        if (reserved.Count == 0)
            return DateTimeOffset.MinValue;
        var earliest = reserved.Last();
        foreach (var window in windows)
        {
            if (reserved.Count >= window.Limit)
            {
                var nthLatest = reserved.ElementAt(reserved.Count - window.Limit);
                earliest = Max(earliest, nthLatest + window.Period);
            }
        }

        return earliest;
    }

    private static void Forget(Queue<DateTimeOffset> reserved, DateTimeOffset before)
    {
        while (reserved.Count > 0 && reserved.Peek() <= before)
            reserved.Dequeue();
    }

    /// <summary>Drops the queues of conversations that sent nothing within the longest window, now and then.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now - _lastSweep < _keepConversation)
            return;
        _lastSweep = now;
        foreach (var idle in _conversations.Where(c => c.Value.Count == 0 || c.Value.Last() <= now - _keepConversation).Select(c => c.Key).ToList())
            _conversations.Remove(idle);
    }

    private static TimeSpan Longest(IReadOnlyList<RateWindow> windows) => windows.Count == 0 ? TimeSpan.Zero : windows.Max(w => w.Period);

    private static DateTimeOffset Max(params DateTimeOffset[] moments) => moments.Max();
}

/// <summary>At most <paramref name="Limit"/> sends in any <paramref name="Period"/>.</summary>
public sealed record RateWindow(int Limit, TimeSpan Period);
