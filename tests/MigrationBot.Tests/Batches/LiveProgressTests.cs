using MigrationBot.Batches.Progress;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Tests.Batches;

/// <summary>What counts as progress of a running pass, for the stall watch: a message more or a new folder, not a wait.</summary>
public sealed class LiveProgressTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AMessageMoreOrANewFolder_MovesTheLastProgress_AWaitOrTheSameCountDoesNot()
    {
        var live = new LiveBatch();

        live.Report(new MigrationProgress("ann@contoso.com", "INBOX", 1, 10), Start);
        live.Report(new MigrationProgress("ann@contoso.com", "", 0, 0, "outlook.office365.com is throttling: waiting until 09:20:00 UTC"), Start.AddMinutes(1));
        live.Report(new MigrationProgress("ann@contoso.com", "INBOX", 1, 10), Start.AddMinutes(2));
        Assert.Equal(Start, live.LastProgress["ann@contoso.com"]);

        live.Report(new MigrationProgress("ann@contoso.com", "INBOX", 2, 10), Start.AddMinutes(3));
        Assert.Equal(Start.AddMinutes(3), live.LastProgress["ann@contoso.com"]);
        live.Report(new MigrationProgress("ann@contoso.com", "Sent", 0, 5), Start.AddMinutes(4));
        Assert.Equal(Start.AddMinutes(4), live.LastProgress["ann@contoso.com"]);
    }

    [Fact]
    public void APassThatEnded_HasNoLastProgress()
    {
        var live = new LiveBatch();
        live.Report(new MigrationProgress("ann@contoso.com", "INBOX", 1, 10), Start);

        live.End("ann@contoso.com");

        Assert.Empty(live.LastProgress);
    }

    [Fact]
    public void APassInItsSecondFolder_CarriesWhatThePassCopiedInAllItsFolders_NotTheFolderAlone()
    {
        var live = new LiveBatch();
        live.Report(new MigrationProgress("ann@contoso.com", "INBOX", 80_000, 80_000) { PassCopied = 80_000, PassBytes = 16_000_000 }, Start);

        live.Report(new MigrationProgress("ann@contoso.com", "Projects", 8, 9) { PassCopied = 80_008, PassBytes = 16_400_000 }, Start.AddMinutes(1));

        var pass = live.Passes["ann@contoso.com"];
        Assert.Equal(("Projects", 8, 80_008, 16_400_000L), (pass.Folder, pass.Copied, pass.PassCopied, pass.PassBytes));
    }
}
