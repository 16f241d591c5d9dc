using MailKit;
using MigrationBot.Engine.Folders;

namespace MigrationBot.Tests.Folders;

public sealed class FolderPlannerTests
{
    private static SourceFolder Folder(string path, char separator = '.', FolderAttributes attributes = FolderAttributes.None)
    {
        var segments = path.Split(separator);
        return new SourceFolder(path, segments, FolderRoles.From(attributes, segments));
    }

    private static FolderPlan Plan(params SourceFolder[] folders) =>
        FolderPlanner.Build(folders, TargetLayout.ExchangeOnline, FolderFilter.None);

    private static string? TargetOf(FolderPlan plan, string source) =>
        plan.Folders.Single(f => f.Source.FullName == source).TargetName;

    [Fact]
    public void Build_SpecialUseFolders_MapToExchangeRoleFolders()
    {
        var plan = Plan(
            Folder("INBOX"),
            Folder("Sent", attributes: FolderAttributes.Sent),
            Folder("Papierkorb", attributes: FolderAttributes.Trash),
            Folder("Spam"),
            Folder("Entwürfe", attributes: FolderAttributes.Drafts),
            Folder("Old", attributes: FolderAttributes.Archive));

        Assert.Equal("INBOX", TargetOf(plan, "INBOX"));
        Assert.Equal("Sent Items", TargetOf(plan, "Sent"));
        Assert.Equal("Deleted Items", TargetOf(plan, "Papierkorb"));
        Assert.Equal("Junk Email", TargetOf(plan, "Spam"));
        Assert.Equal("Drafts", TargetOf(plan, "Entwürfe"));
        Assert.Equal("Archive", TargetOf(plan, "Old"));
    }

    [Fact]
    public void Build_ChildrenOfRoleFolders_FollowTheirParent()
    {
        var plan = Plan(Folder("Sent", attributes: FolderAttributes.Sent), Folder("Sent.2019"));

        Assert.Equal("Sent Items/2019", TargetOf(plan, "Sent.2019"));
    }

    [Fact]
    public void Build_DotSeparatedSource_TranslatesToSlashSeparator()
    {
        var plan = Plan(Folder("Projects"), Folder("Projects.2024"), Folder("Projects.2024.Q1"));

        Assert.Equal("Projects/2024/Q1", TargetOf(plan, "Projects.2024.Q1"));
    }

    [Fact]
    public void Build_NameHoldingTheTargetSeparator_IsRenamedNotDropped()
    {
        var plan = Plan(Folder("A/B testing"));

        var mapping = plan.Folders.Single();
        Assert.True(mapping.IsMigrated);
        Assert.Equal("A\u2215B testing", mapping.TargetName);
        Assert.Contains("renamed", mapping.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NonAsciiNames_KeepTheirCharacters()
    {
        var plan = Plan(Folder("Reçus"), Folder("日本語"), Folder("Привет.Мир"));

        Assert.Equal("Reçus", TargetOf(plan, "Reçus"));
        Assert.Equal("日本語", TargetOf(plan, "日本語"));
        Assert.Equal("Привет/Мир", TargetOf(plan, "Привет.Мир"));
    }

    [Fact]
    public void Build_GmailFolders_MapByRoleAndSkipVirtualOnes()
    {
        var plan = FolderPlanner.Build(
            [
                new SourceFolder("INBOX", ["INBOX"], WellKnownFolder.Inbox),
                new SourceFolder("[Gmail]", ["[Gmail]"], WellKnownFolder.None, CanHoldMessages: false),
                new SourceFolder("[Gmail]/Sent Mail", ["[Gmail]", "Sent Mail"], FolderRoles.From(FolderAttributes.None, ["[Gmail]", "Sent Mail"])),
                new SourceFolder("[Gmail]/All Mail", ["[Gmail]", "All Mail"], FolderRoles.From(FolderAttributes.All, ["[Gmail]", "All Mail"])),
                new SourceFolder("[Gmail]/Spam", ["[Gmail]", "Spam"], FolderRoles.From(FolderAttributes.None, ["[Gmail]", "Spam"])),
                new SourceFolder("Receipts", ["Receipts"], WellKnownFolder.None),
            ],
            TargetLayout.ExchangeOnline,
            FolderFilter.None);

        Assert.Equal("Sent Items", TargetOf(plan, "[Gmail]/Sent Mail"));
        Assert.Equal("Junk Email", TargetOf(plan, "[Gmail]/Spam"));
        Assert.Null(TargetOf(plan, "[Gmail]/All Mail"));
        Assert.Contains("virtual", plan.Folders.Single(f => f.Source.FullName == "[Gmail]/All Mail").SkipReason, StringComparison.Ordinal);
        Assert.Null(TargetOf(plan, "[Gmail]"));
        Assert.Equal("Receipts", TargetOf(plan, "Receipts"));
    }

    [Fact]
    public void Build_TwoSourcesOnOneTargetName_SecondIsSuffixed()
    {
        var plan = Plan(Folder("Work"), Folder("work"));

        Assert.Equal("Work", TargetOf(plan, "Work"));
        Assert.Equal("work (2)", TargetOf(plan, "work"));
    }

    [Fact]
    public void Build_TargetWithItsOwnSpecialUseNames_UsesThem()
    {
        var layout = new TargetLayout('.', new Dictionary<WellKnownFolder, string>(TargetLayout.ExchangeRoleNames) { [WellKnownFolder.SentItems] = "Sent" });
        var plan = FolderPlanner.Build([Folder("Sent Messages", '/', FolderAttributes.Sent), Folder("a/b", '/')], layout, FolderFilter.None);

        Assert.Equal("Sent", TargetOf(plan, "Sent Messages"));
        Assert.Equal("a.b", TargetOf(plan, "a/b"));
    }

    [Fact]
    public void Render_ShowsEveryFolderAndWhyOneIsNotMigrated()
    {
        var plan = FolderPlanner.Build([Folder("INBOX"), Folder("Trash", attributes: FolderAttributes.Trash)], TargetLayout.ExchangeOnline, new FolderFilter(excluded: ["#DeletedItems#"]));

        var text = plan.Render();

        Assert.Contains("INBOX  -> INBOX", text, StringComparison.Ordinal);
        Assert.Contains("Trash  -- not migrated: excluded by '#DeletedItems#'", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("~Old mail", "_Old mail")]
    [InlineData("Reçus", "Re_us")]
    [InlineData("Plain", "_Plain")]
    [InlineData("a\u0001b", "a_b")]
    [InlineData("~", "_")]
    public void Conservative_RefusedName_BecomesASafeDifferentName(string refused, string expected)
    {
        Assert.Equal(expected, FolderPlanner.Conservative(refused));
    }

    [Fact]
    public void Build_NameATargetMayRefuse_PlanSaysWhatItBecomesIfRefused()
    {
        var plan = Plan(Folder("~Old mail"), Folder("Projects"));

        var risky = plan.Folders.Single(f => f.Source.FullName == "~Old mail");
        Assert.Equal("~Old mail", risky.TargetName);
        Assert.Contains($"if the target refuses '~Old mail', it becomes '{FolderPlanner.Conservative("~Old mail")}'", risky.Note, StringComparison.Ordinal);
        Assert.Contains("it becomes '_Old mail'", plan.Render(), StringComparison.Ordinal);
        Assert.Null(plan.Folders.Single(f => f.Source.FullName == "Projects").Note);
    }
}
