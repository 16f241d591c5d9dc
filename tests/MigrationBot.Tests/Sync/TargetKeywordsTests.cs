using MailKit;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Tests.Sync;

public sealed class TargetKeywordsTests
{
    [Fact]
    public void Split_TargetAcceptsAnyKeyword_StoresAll()
    {
        var keywords = new TargetKeywords(MessageFlags.Seen | MessageFlags.UserDefined, []);

        var (stored, notStored) = keywords.Split("$Forwarded $Label1 Project-X");

        Assert.Equal(["$Forwarded", "$Label1", "Project-X"], stored);
        Assert.Null(notStored);
    }

    [Fact]
    public void Split_ExchangeOnlinePermanentFlags_RecordsWhatCannotBeStored()
    {
        // Exchange Online: PERMANENTFLAGS (\Seen \Answered \Flagged \Deleted \Draft $MDNSent), no \*.
        var keywords = new TargetKeywords(MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Deleted | MessageFlags.Draft, ["$MDNSent"]);

        var (stored, notStored) = keywords.Split("$Forwarded $MDNSent Project-X");

        Assert.Equal(["$MDNSent"], stored);
        Assert.Equal("$Forwarded Project-X", notStored);
    }
}
