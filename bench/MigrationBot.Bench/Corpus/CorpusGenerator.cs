using MailKit;

namespace MigrationBot.Bench.Corpus;

/// <summary>
/// Generates a deterministic corpus: the same <see cref="CorpusOptions"/> give the same messages, byte for byte,
/// on every machine (<see cref="Random"/> with a seed is stable across .NET versions). Each enabled tricky case
/// is placed on the first messages of every user, so it is present whenever a user has ~20 messages or more;
/// the rest are drawn at random.
/// </summary>
/// <example><code>
/// foreach (var message in CorpusGenerator.Generate(new CorpusOptions { Users = 5, MessagesPerUser = 2000 })) { … }
/// </code></example>
public static class CorpusGenerator
{
    private static readonly DateTimeOffset Anchor = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan[] Offsets = [TimeSpan.Zero, TimeSpan.FromHours(2), TimeSpan.FromHours(-5), TimeSpan.FromHours(9), TimeSpan.FromMinutes(330)];
    private static readonly string[] CustomKeywords = ["ProjectX", "todo", "$MDNSent"];

    public static IEnumerable<CorpusMessage> Generate(CorpusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return GenerateCore(options);
    }

    private static IEnumerable<CorpusMessage> GenerateCore(CorpusOptions options)
    {
        var random = new Random(options.Seed);
        var folders = CorpusFolders.For(options.Cases);
        for (var user = 1; user <= options.Users; user++)
        {
            var name = options.UserName(user);
            var forced = ForcedMessages(options.Cases, folders);
            for (var number = 1; number <= options.MessagesPerUser; number++)
            {
                var plan = number <= forced.Count ? forced[number - 1] : RandomPlan(random, options.Cases, folders);
                plan = options.InboxOnly ? plan with { Folder = CorpusFolders.Inbox } : plan;
                // The last LargeMessagesPerUser messages of each user are the large ones.
                var largeIndex = Math.Max(0, number - (options.MessagesPerUser - options.LargeMessagesPerUser));
                yield return Build(random, options, name, number, plan, largeIndex);
            }
        }
    }

    private static CorpusMessage Build(Random random, CorpusOptions options, string user, int number, Plan plan, int largeIndex)
    {
        var cases = plan.Cases | plan.FolderCase
            | (plan.Flags != MessageFlags.None ? CorpusCases.Flags : CorpusCases.None)
            | (plan.Keywords.Count > 0 ? CorpusCases.Keywords : CorpusCases.None);
        var size = largeIndex == 1 ? options.MaxSize
            : largeIndex > 1 ? LogUniform(random, options.TypicalMaxSize, options.MaxSize)
            : LogUniform(random, options.MinSize, options.TypicalMaxSize);
        var attachment = cases.HasFlag(CorpusCases.Attachments)
            || (options.Cases.HasFlag(CorpusCases.Attachments) && (largeIndex > 0 || random.Next(10) == 0));
        if (attachment)
        {
            cases |= CorpusCases.Attachments;
        }

        var date = options.Cases.HasFlag(CorpusCases.VariedDates)
            ? new DateTimeOffset(Anchor.UtcDateTime.AddSeconds(-random.NextInt64(10L * 365 * 24 * 3600)), TimeSpan.Zero).ToOffset(Offsets[random.Next(Offsets.Length)])
            : Anchor.AddSeconds(-random.Next(30 * 24 * 3600));
        // Whole seconds: IMAP INTERNALDATE has no finer resolution.
        date = new DateTimeOffset(date.Ticks - date.Ticks % TimeSpan.TicksPerSecond, date.Offset);

        var messageId = cases.HasFlag(CorpusCases.MissingMessageId) ? null
            : cases.HasFlag(CorpusCases.DuplicateMessageId) ? $"<duplicate.{user}@corpus.example>"
            : $"<{user}.{number}.{options.Seed}@corpus.example>";
        var content = new CorpusContent(
            random.Next(),
            user,
            number,
            $"{user}@{options.Domain}",
            messageId,
            date,
            cases.HasFlag(CorpusCases.EightBitHeaders),
            size,
            attachment ? size * 3 / 5 : 0);
        return new CorpusMessage(content, plan.Folder, plan.Flags, plan.Keywords, cases);
    }

    /// <summary>The first messages of every user: one or more per enabled case.</summary>
    private static List<Plan> ForcedMessages(CorpusCases cases, IReadOnlyList<(IReadOnlyList<string> Path, CorpusCases Case)> folders)
    {
        var plans = new List<Plan>();
        var inbox = CorpusFolders.Inbox;
        if (cases.HasFlag(CorpusCases.MissingMessageId))
        {
            plans.Add(new Plan(inbox, CorpusCases.MissingMessageId));
            plans.Add(new Plan(inbox, CorpusCases.MissingMessageId));
        }

        if (cases.HasFlag(CorpusCases.DuplicateMessageId))
        {
            plans.AddRange(Enumerable.Repeat(new Plan(inbox, CorpusCases.DuplicateMessageId), 3));
        }

        if (cases.HasFlag(CorpusCases.EightBitHeaders))
        {
            plans.Add(new Plan(inbox, CorpusCases.EightBitHeaders));
        }

        if (cases.HasFlag(CorpusCases.Attachments))
        {
            plans.Add(new Plan(inbox, CorpusCases.Attachments));
        }

        if (cases.HasFlag(CorpusCases.Flags))
        {
            plans.Add(new Plan(inbox, CorpusCases.Flags) { Flags = MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged });
            plans.Add(new Plan(["Drafts"], CorpusCases.Flags) { Flags = MessageFlags.Draft });
        }

        if (cases.HasFlag(CorpusCases.Keywords))
        {
            plans.Add(new Plan(inbox, CorpusCases.Keywords) { Keywords = ["$Forwarded", "$Label1", "ProjectX"], Flags = MessageFlags.Seen });
        }

        foreach (var (path, folderCase) in folders.Where(f => f.Case != CorpusCases.None))
        {
            plans.Add(new Plan(path, CorpusCases.None) { FolderCase = folderCase });
        }

        return plans;
    }

    private static Plan RandomPlan(Random random, CorpusCases cases, IReadOnlyList<(IReadOnlyList<string> Path, CorpusCases Case)> folders)
    {
        // INBOX gets about half of the mail, the rest is spread evenly.
        var (path, folderCase) = random.Next(2) == 0 ? folders[0] : folders[random.Next(folders.Count)];
        var picked = CorpusCases.None;
        if (cases.HasFlag(CorpusCases.MissingMessageId) && random.Next(50) == 0)
        {
            picked |= CorpusCases.MissingMessageId;
        }

        if (cases.HasFlag(CorpusCases.EightBitHeaders) && random.Next(20) == 0)
        {
            picked |= CorpusCases.EightBitHeaders;
        }

        var flags = MessageFlags.None;
        if (cases.HasFlag(CorpusCases.Flags))
        {
            flags |= random.Next(10) < 7 ? MessageFlags.Seen : MessageFlags.None;
            flags |= random.Next(10) == 0 ? MessageFlags.Answered : MessageFlags.None;
            flags |= random.Next(20) == 0 ? MessageFlags.Flagged : MessageFlags.None;
            flags |= path.Count == 1 && path[0] == "Drafts" ? MessageFlags.Draft : MessageFlags.None;
        }

        IReadOnlyList<string> keywords = [];
        if (cases.HasFlag(CorpusCases.Keywords) && random.Next(10) == 0)
        {
            keywords = random.Next(3) switch
            {
                0 => ["$Forwarded"],
                1 => ["$Label1"],
                _ => [CustomKeywords[random.Next(CustomKeywords.Length)]],
            };
        }

        return new Plan(path, picked) { FolderCase = folderCase, Flags = flags, Keywords = keywords };
    }

    private static long LogUniform(Random random, long min, long max) =>
        min >= max ? min : (long)Math.Round(Math.Exp(Math.Log(min) + random.NextDouble() * (Math.Log(max) - Math.Log(min))));

    private sealed record Plan(IReadOnlyList<string> Folder, CorpusCases Cases)
    {
        public CorpusCases FolderCase { get; init; }

        public MessageFlags Flags { get; init; }

        public IReadOnlyList<string> Keywords { get; init; } = [];
    }
}
