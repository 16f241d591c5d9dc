using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Approval;
using MigrationBot.Batches.Commands;
using MigrationBot.Batches.Form;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Runs;
using MigrationBot.Cards;
using MigrationBot.Cards.Model;
using MigrationBot.Chat;

namespace MigrationBot.Tests.Cards;

/// <summary>Every card the bot sends, by golden-file name.</summary>
public static class CardCatalog
{
    public static readonly IReadOnlyDictionary<string, Func<AdaptiveCard>> All = new Dictionary<string, Func<AdaptiveCard>>
    {
        ["help"] = () => HelpCard.Build(),
        ["help-unknown-command"] = () => HelpCard.Build("I don't know the command \"frobnicate\"."),
        ["command-start-batch"] = () => CommandCard.Build(CommandCatalog.For(CommandKind.StartBatch)),
        ["command-retry"] = () => CommandCard.Build(CommandCatalog.For(CommandKind.Retry)),
        ["batch-form-channel"] = () => BatchFormCard.Build(new BatchFormView("wave2", ["demo"], InChannel: true)),
        ["batch-form-personal"] = () => BatchFormCard.Build(new BatchFormView("wave2", [], InChannel: false)),
        ["batch-form-attached-csv"] = () => BatchFormCard.Build(new BatchFormView("wave2", ["demo"], InChannel: false,
            Upload: new AttachedCsv("0123456789ABCDEF0123456789ABCDEF", "users.csv", "12 users, 12 passwords (hidden)"))),
        ["batch-form-errors"] = () => BatchFormCard.Build(new BatchFormView("wave2", ["demo"], InChannel: true,
            new BatchFormValues(new Dictionary<string, string> { ["csv"] = "EmailAddress,UserName\nann@contoso,ann\n", ["maxConcurrent"] = "0" }),
            [new FormProblem("csv", "CSV line 2: \"ann@contoso\" is not an email address."), new FormProblem("maxConcurrent", "Mailboxes at once must be a whole number from 1 to 100, not \"0\".")])),
        ["batch-preflight"] = () => PreflightCard.Build(SampleBatches.Batch(BatchState.Validating), SampleBatches.Preflight()),
        ["batch-preflight-not-checked"] = () => PreflightCard.Build(SampleBatches.Batch(BatchState.Validating), SampleBatches.Preflight(),
            "Graph is not configured (Graph:TenantId, Graph:ClientId, Graph:ClientSecret, or Target's), so Microsoft 365 readiness was not checked"),
        ["batch-progress-syncing"] = () => ProgressCard.Build(SampleBatches.Progress(BatchState.Syncing), Viewer.ReadOnly, SampleBatches.At),
        ["batch-progress-synced-approver"] = () => ProgressCard.Build(SampleBatches.Progress(BatchState.Synced), new Viewer(true, true), SampleBatches.At),
        ["batch-progress-refused"] = () => ProgressCard.Build(SampleBatches.Progress(BatchState.Synced), Viewer.ReadOnly, SampleBatches.At,
            "Refused: Only the batch's approvers may approve its completion; you (00000000-0000-0000-0000-000000000099) are not one of them."),
        ["batch-progress-completed"] = () => ProgressCard.Build(SampleBatches.Progress(BatchState.Completed), Viewer.ReadOnly, SampleBatches.At),
        ["batch-details-500-users-page-1"] = () => DetailsCard.Build(SampleBatches.Batch(BatchState.Synced), SampleBatches.Users(500, BatchState.Synced), 0),
        ["batch-details-500-users-last-page"] = () => DetailsCard.Build(SampleBatches.Batch(BatchState.Synced), SampleBatches.Users(500, BatchState.Synced), 19),
        ["batch-approval"] = () => ApprovalCard.Build(SampleBatches.Batch(BatchState.Synced), SampleBatches.Users(3, BatchState.Synced), SampleBatches.Evidence()),
        ["batch-approved"] = () => ApprovalCard.Approved(SampleBatches.Batch(BatchState.Completing), "Ann Admin (user:00000000-0000-0000-0000-000000000020)", SampleBatches.At),
        ["batch-move-cutover"] = () => MigrationBot.Batches.Actions.CutoverCard.Build(SampleBatches.Batch(BatchState.Synced)),
        ["notice-texts-edit"] = () => MigrationBot.Notices.Editing.NoticeTextsCard.Build(SampleBatches.Batch(BatchState.Synced),
            Enum.GetValues<MigrationBot.Notices.NoticeKind>().ToDictionary(k => k, MigrationBot.Notices.Templates.DefaultTemplates.For)),
        ["notice-texts-problems-and-preview"] = () => MigrationBot.Notices.Editing.NoticeTextsCard.Build(SampleBatches.Batch(BatchState.Synced),
            new Dictionary<MigrationBot.Notices.NoticeKind, string> { [MigrationBot.Notices.NoticeKind.Reminder] = "Hi {FirstName}" },
            new Dictionary<MigrationBot.Notices.NoticeKind, IReadOnlyList<string>> { [MigrationBot.Notices.NoticeKind.Reminder] = ["Unknown placeholder {FirstName}: use one of {DisplayName}."] },
            ("Ann", new Dictionary<MigrationBot.Notices.NoticeKind, string> { [MigrationBot.Notices.NoticeKind.Moved] = "Ann, your mailbox has moved." }),
            "Nothing was saved: 1 notice(s) need a change."),
        ["batch-confirm-remove"] = () => ConfirmCard.Remove(SampleBatches.Batch(BatchState.Synced)),
        ["batch-dns-switched"] = () => MigrationBot.Batches.FollowUp.MxFollowUpCard.Status(SampleBatches.Batch(BatchState.Completed),
            [new("contoso.com", ["contoso-com.mail.protection.outlook.com"], null)], SampleBatches.At.AddHours(72)),
        ["batch-dns-not-switched"] = () => MigrationBot.Batches.FollowUp.MxFollowUpCard.Status(SampleBatches.Batch(BatchState.Completed),
            [new("contoso.com", ["mx1.contoso.com", "mx2.contoso.com"], null), new("fabrikam.com", [], "the domain has no MX record")], null),
        ["notice-announcement"] = () => SampleNotices.Card(MigrationBot.Notices.NoticeKind.Announcement),
        ["notice-reminder"] = () => SampleNotices.Card(MigrationBot.Notices.NoticeKind.Reminder),
        ["notice-in-progress"] = () => SampleNotices.Card(MigrationBot.Notices.NoticeKind.InProgress),
        ["notice-moved"] = () => SampleNotices.Card(MigrationBot.Notices.NoticeKind.Moved),
        ["notice-check-in"] = () => SampleNotices.Card(MigrationBot.Notices.NoticeKind.CheckIn),
        ["alert-created"] = () => CreatedCard.Build(SampleBatches.Batch(BatchState.Created), 3, SampleBatches.At),
        ["alert-created-starts-later"] = () => CreatedCard.Build(
            SampleBatches.Batch(BatchState.Created) with { Settings = SampleBatches.Batch(BatchState.Created).Settings with { StartAt = SampleBatches.At.AddHours(6), CutoverAt = null, EndpointName = "demo" } },
            500, SampleBatches.At),
        ["alert-started"] = () => StartedCard.Build(SampleBatches.Batch(BatchState.Syncing), 2, ["carol@contoso.com"], SampleBatches.At),
        ["alert-started-500-users-50-waiting"] = () => StartedCard.Build(SampleBatches.Batch(BatchState.Syncing), 450,
            [.. Enumerable.Range(1, 50).Select(i => $"user{i:000}@contoso.com")], SampleBatches.At),
        ["alert-synced"] = () => SyncedCard.Build(SampleBatches.Batch(BatchState.Synced), SampleBatches.Users(3, BatchState.Synced), SampleAlerts.Approvers(), SampleBatches.At.AddHours(22)),
        ["alert-synced-500-users-no-approver"] = () => SyncedCard.Build(SampleBatches.Batch(BatchState.SyncedWithErrors), SampleBatches.Users(500, BatchState.SyncedWithErrors), [], null),
        ["alert-completed"] = () => CompletedCard.Build(SampleBatches.Batch(BatchState.Completed), BatchState.Completed, SampleAlerts.Completed(2), SampleBatches.At.AddHours(-50), SampleBatches.At),
        ["alert-completed-500-users-with-errors"] = () => CompletedCard.Build(SampleBatches.Batch(BatchState.CompletedWithErrors), BatchState.CompletedWithErrors,
            SampleAlerts.Completed(500), null, SampleBatches.At.AddDays(9)),
        ["alert-stalled"] = () => StallCard.Build(SampleBatches.Batch(BatchState.Syncing), SampleAlerts.Stalls(2), TimeSpan.FromMinutes(30), SampleBatches.At),
        ["alert-stalled-500-users"] = () => StallCard.Build(SampleBatches.Batch(BatchState.Syncing), SampleAlerts.Stalls(500), TimeSpan.FromMinutes(30), SampleBatches.At),
        ["alert-stall-retried"] = () => StallCard.Retried(SampleBatches.Batch(BatchState.Syncing),
            "Retrying 2 stalled user(s) of wave2 now (user001@contoso.com, user002@contoso.com): their passes stop at a safe point and run again, keeping what they copied.",
            "Ann Admin (user:00000000-0000-0000-0000-000000000020)", SampleBatches.At),
        ["alert-throttled"] = () => ThrottleCard.Build(SampleBatches.Batch(BatchState.Syncing), "outlook.office365.com", SampleBatches.At.AddMinutes(-4), SampleBatches.At.AddMinutes(11), 5),
        ["alert-daily-report"] = () => DailyReportCard.Build(SampleBatches.Batch(BatchState.IncrementalSyncing), SampleBatches.Users(3, BatchState.IncrementalSyncing), SampleAlerts.Report()),
        ["alert-daily-report-500-users"] = () => DailyReportCard.Build(SampleBatches.Batch(BatchState.Synced), SampleBatches.Users(500, BatchState.Synced), SampleAlerts.Report() with { NextSync = null }),
        ["batch-remove-reminder"] = () => MigrationBot.Batches.FollowUp.MxFollowUpCard.RemoveReminder(SampleBatches.Batch(BatchState.Completed)),
    };

    public static TheoryData<string> Names => [.. All.Keys];
}
