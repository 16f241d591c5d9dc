using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using Quartz;

namespace MigrationBot.Notices;

/// <summary>
/// One notice for one user: the reminder and the check-in at their time (the check-in only once the batch completed), the
/// others at once after their event ("moved" only to a user whose mailbox completed).
/// </summary>
public sealed class NoticeJob(IBatchStore store, NoticeService notices) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var batch = await store.GetAsync(BatchJobKeys.BatchId(context), cancellationToken);
        var address = context.MergedJobDataMap.GetString(BatchJobKeys.EmailAddressKey);
        if (batch is null || batch.State == BatchState.Removing || address is null || !Enum.TryParse<NoticeKind>(context.MergedJobDataMap.GetString(NoticeJobs.KindKey), out var kind))
            return;
        if (kind == NoticeKind.CheckIn && batch.State is not (BatchState.Completed or BatchState.CompletedWithErrors))
            return;
        var user = (await store.UsersAsync(batch.Id, cancellationToken)).FirstOrDefault(u => string.Equals(u.EmailAddress, address, StringComparison.OrdinalIgnoreCase));
        if (user is null || user.State is UserState.Skipped || (kind == NoticeKind.Moved && user.State != UserState.Completed))
            return;
        var oversize = int.TryParse(context.MergedJobDataMap.GetString(NoticeJobs.OversizeKey), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        await notices.SendAsync(batch, user, kind, oversize, cancellationToken);
    }
}
