namespace MigrationBot.Bench.Corpus;

/// <summary>
/// What <see cref="CorpusGenerator"/> makes. The same options give the same messages, byte for byte.
/// Sizes: most messages are spread log-uniformly between <see cref="MinSize"/> and <see cref="TypicalMaxSize"/>;
/// the last <see cref="LargeMessagesPerUser"/> of each user go up to <see cref="MaxSize"/> (the first of them exactly that size).
/// </summary>
public sealed record CorpusOptions
{
    public int Seed { get; init; } = 1;

    public int Users { get; init; } = 1;

    /// <summary>Users are named <c>{UserPrefix}1</c> … <c>{UserPrefix}{Users}</c>, unless <see cref="UserNames"/> names them.</summary>
    public string UserPrefix { get; init; } = "user";

    /// <summary>When set, the users' names in order (as many as <see cref="Users"/>), instead of <see cref="UserPrefix"/> and a number.</summary>
    public IReadOnlyList<string>? UserNames { get; init; }

    /// <summary>Domain of the users' addresses (the <c>To</c> header).</summary>
    public string Domain { get; init; } = "corpus.example";

    /// <summary>Messages per user; the tricky cases take the first ~20 of each user.</summary>
    public int MessagesPerUser { get; init; } = 100;

    public int MinSize { get; init; } = 1024;

    public int TypicalMaxSize { get; init; } = 128 * 1024;

    public long MaxSize { get; init; } = 20L * 1024 * 1024;

    public int LargeMessagesPerUser { get; init; }

    /// <summary>Every message goes to INBOX (one large folder), whatever folder its case or the draw would give it.</summary>
    public bool InboxOnly { get; init; }

    public CorpusCases Cases { get; init; } = CorpusCases.Default;

    /// <summary>The name of user <paramref name="index"/> (1-based).</summary>
    public string UserName(int index) =>
        UserNames is { } names ? names[index - 1] : UserPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Users);
        ArgumentOutOfRangeException.ThrowIfNegative(MessagesPerUser);
        ArgumentOutOfRangeException.ThrowIfNegative(LargeMessagesPerUser);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LargeMessagesPerUser, MessagesPerUser);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSize, 256);
        ArgumentOutOfRangeException.ThrowIfLessThan(TypicalMaxSize, MinSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSize, TypicalMaxSize);
        if (UserNames is not null && UserNames.Count != Users)
        {
            throw new ArgumentException($"UserNames lists {UserNames.Count} names for {Users} users.");
        }
    }
}
