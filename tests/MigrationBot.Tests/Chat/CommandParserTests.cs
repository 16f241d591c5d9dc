using MigrationBot.Chat;

namespace MigrationBot.Tests.Chat;

public sealed class CommandParserTests
{
    [Theory]
    [InlineData("help", CommandKind.Help)]
    [InlineData("HELP", CommandKind.Help)]
    [InlineData("  Help  ", CommandKind.Help)]
    [InlineData("?", CommandKind.Help)]
    [InlineData("endpoints", CommandKind.Endpoints)]
    [InlineData("Endpoints.", CommandKind.Endpoints)]
    [InlineData("status", CommandKind.Status)]
    public void CommandsWithoutArguments_AreRecognisedInAnyCaseAndSpacing(string text, CommandKind kind) =>
        Assert.Equal(kind, CommandParser.Parse(text).Kind);

    [Theory]
    [InlineData("start batch wave2", CommandKind.StartBatch)]
    [InlineData("START   BATCH   wave2", CommandKind.StartBatch)]
    [InlineData("start wave2", CommandKind.StartBatch)]
    [InlineData("status wave2", CommandKind.Status)]
    [InlineData("pause wave2", CommandKind.Pause)]
    [InlineData("Resume\twave2", CommandKind.Resume)]
    [InlineData("complete batch wave2", CommandKind.CompleteBatch)]
    [InlineData("stop batch wave2", CommandKind.StopBatch)]
    [InlineData("remove batch wave2", CommandKind.RemoveBatch)]
    [InlineData("remove batch wave2.", CommandKind.RemoveBatch)]
    public void BatchCommands_CarryTheBatchNameAsTyped(string text, CommandKind kind)
    {
        var command = CommandParser.Parse(text);

        Assert.Equal(kind, command.Kind);
        Assert.Equal("wave2", command.BatchName);
    }

    [Fact]
    public void Retry_CarriesTheBatchAndTheUser()
    {
        var command = CommandParser.Parse("retry  wave2   user@contoso.com");

        Assert.Equal(new ChatCommand(CommandKind.Retry, "wave2", "user@contoso.com"), command);
    }

    [Fact]
    public void StatusNotices_NamesTheBatchAndAsksForItsNotices() =>
        Assert.Equal(new ChatCommand(CommandKind.Status, "wave2", Detail: "notices"), CommandParser.Parse("status wave2 Notices"));

    [Fact]
    public void Retry_WithoutAUser_MeansEveryFailedUser()
    {
        var command = CommandParser.Parse("retry wave2");

        Assert.Equal(new ChatCommand(CommandKind.Retry, "wave2", null), command);
    }

    [Fact]
    public void ANonBreakingSpace_CountsAsASpace() =>
        Assert.Equal(CommandKind.StartBatch, CommandParser.Parse("start\u00a0batch&nbsp;wave2").Kind);

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("hello")]
    [InlineData("start")]
    [InlineData("start batch")]
    [InlineData("start batch two words")]
    [InlineData("retry wave2 a@contoso.com b@contoso.com")]
    [InlineData("pause wave/2")]
    [InlineData("help me")]
    public void UnknownOrIncompleteCommands_AreUnknownWithAProblemToShow(string text)
    {
        var command = CommandParser.Parse(text);

        Assert.Equal(CommandKind.Unknown, command.Kind);
        Assert.False(string.IsNullOrEmpty(command.Problem));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void EmptyText_IsUnknown(string? text) => Assert.Equal(CommandKind.Unknown, CommandParser.Parse(text).Kind);

    [Fact]
    public void EveryCatalogExample_ParsesToItsOwnCommand()
    {
        foreach (var info in CommandCatalog.All)
        {
            Assert.Equal(info.Kind, CommandParser.Parse(info.Example).Kind);
        }
    }
}
