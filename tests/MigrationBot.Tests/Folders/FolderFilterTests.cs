using MigrationBot.Engine.Folders;

namespace MigrationBot.Tests.Folders;

public sealed class FolderFilterTests
{
    private static SourceFolder Folder(params string[] path) => new(string.Join('.', path), path, WellKnownFolder.None);

    [Theory]
    [InlineData("projects", true)]
    [InlineData("PROJECTS", true)]
    [InlineData("Projects/2024", false)]
    [InlineData("Other", false)]
    public void ExcludedBy_PlainName_MatchesThatFolderOnlyIgnoringCase(string pattern, bool excluded)
    {
        var filter = new FolderFilter(excluded: [pattern]);

        Assert.Equal(excluded, filter.ExcludedBy(Folder("Projects"), WellKnownFolder.None) is not null);
        Assert.Null(filter.ExcludedBy(Folder("Projects", "2024", "Q1"), WellKnownFolder.None));
    }

    [Fact]
    public void ExcludedBy_SubtreePattern_MatchesTheFolderAndEverythingBelow()
    {
        var filter = new FolderFilter(excluded: ["Projects/*"]);

        Assert.NotNull(filter.ExcludedBy(Folder("Projects"), WellKnownFolder.None));
        Assert.NotNull(filter.ExcludedBy(Folder("Projects", "2024", "Q1"), WellKnownFolder.None));
        Assert.Null(filter.ExcludedBy(Folder("ProjectsOld"), WellKnownFolder.None));
    }

    [Fact]
    public void ExcludedBy_WellKnownName_MatchesTheRoleFolderWhateverItsName()
    {
        var filter = new FolderFilter(excluded: ["#junkemail#"]);
        var spam = new SourceFolder("Spam", ["Spam"], WellKnownFolder.JunkEmail);

        Assert.Equal("excluded by '#junkemail#'", filter.ExcludedBy(spam, WellKnownFolder.JunkEmail));
        Assert.Null(filter.ExcludedBy(Folder("Spam", "old"), WellKnownFolder.JunkEmail));
    }

    [Fact]
    public void ExcludedBy_WellKnownSubtree_MatchesChildrenOfTheRoleFolder()
    {
        var filter = new FolderFilter(excluded: ["#DeletedItems#/*"]);

        Assert.NotNull(filter.ExcludedBy(Folder("Trash", "2019"), WellKnownFolder.DeletedItems));
    }

    [Fact]
    public void ExcludedBy_IncludedFoldersGiven_OthersAreNotMigrated()
    {
        var filter = new FolderFilter(included: ["#Inbox#", "Projects/*"]);
        var inbox = new SourceFolder("INBOX", ["INBOX"], WellKnownFolder.Inbox);

        Assert.Null(filter.ExcludedBy(inbox, WellKnownFolder.Inbox));
        Assert.Null(filter.ExcludedBy(Folder("Projects", "A"), WellKnownFolder.None));
        Assert.Equal("not in the included folders", filter.ExcludedBy(Folder("Personal"), WellKnownFolder.None));
    }
}
