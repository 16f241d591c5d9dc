namespace MigrationBot.Bench.Corpus;

/// <summary>Everything that decides a message's bytes; the body is drawn from <paramref name="Seed"/>.</summary>
internal sealed record CorpusContent(
    int Seed,
    string User,
    int Number,
    string To,
    string? MessageId,
    DateTimeOffset Date,
    bool EightBitHeaders,
    long TargetSize,
    long AttachmentBytes);
