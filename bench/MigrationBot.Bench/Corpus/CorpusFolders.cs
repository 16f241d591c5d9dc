namespace MigrationBot.Bench.Corpus;

/// <summary>The folders of a generated mailbox, each with the case it exercises.</summary>
internal static class CorpusFolders
{
    public static readonly IReadOnlyList<string> Inbox = ["INBOX"];

    private static readonly (string[] Path, CorpusCases Case)[] Catalog =
    [
        (["INBOX"], CorpusCases.None),
        (["Sent"], CorpusCases.None),
        (["Drafts"], CorpusCases.None),
        (["Archive"], CorpusCases.None),
        (["Projects"], CorpusCases.NestedFolders),
        (["Projects", "2024"], CorpusCases.NestedFolders),
        (["Projects", "2024", "Q1"], CorpusCases.NestedFolders),
        (["Reçus"], CorpusCases.NonAsciiFolderNames),
        (["日本語"], CorpusCases.NonAsciiFolderNames),
        (["Привет"], CorpusCases.NonAsciiFolderNames),
        // One name with a literal '/': a '.'-separator source can hold it, Exchange cannot (it must be mapped).
        (["Invoices 2024/25"], CorpusCases.SlashInFolderName),
    ];

    /// <summary>The folders enabled by <paramref name="cases"/>, INBOX first.</summary>
    public static IReadOnlyList<(IReadOnlyList<string> Path, CorpusCases Case)> For(CorpusCases cases) =>
        Catalog.Where(f => f.Case == CorpusCases.None || cases.HasFlag(f.Case))
            .Select(f => ((IReadOnlyList<string>)f.Path, f.Case))
            .ToList();
}
