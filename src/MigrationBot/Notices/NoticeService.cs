using Microsoft.Extensions.Options;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Preflight;
using MigrationBot.Notices.Delivery;
using MigrationBot.Notices.Templates;

namespace MigrationBot.Notices;

/// <summary>
/// What the batches tell their users, and when: the announcement after preflight, "in progress" at the final sync,
/// "moved" at completion; the reminder and the check-in at their local times (<see cref="NoticeJobs"/>).
/// </summary>
public sealed class NoticeService(IBatchStore store, NoticeSender sender, NoticeJobs jobs, IOptions<NoticeOptions> options)
{
    public async Task SendAsync(Batch batch, BatchUser user, NoticeKind kind, int oversizeItems, CancellationToken cancellationToken) =>
        await sender.SendAsync(batch, user, kind, Render(batch, user, kind, oversizeItems), cancellationToken);

    /// <summary>
    /// The notice as <paramref name="user"/> reads it: the batch's text (checked when saved; should a stored one not
    /// parse, the default, never a placeholder left in a user's notice), in their zone and language.
    /// </summary>
    public string Render(Batch batch, BatchUser user, NoticeKind kind, int oversizeItems)
    {
        var (template, _) = NoticeTemplate.Parse(BatchNoticeTexts.For(batch, kind));
        template ??= NoticeTemplate.Parse(DefaultTemplates.For(kind)).Template!;
        var facts = new NoticeFacts(batch.Name, batch.Settings.CutoverAt, batch.Settings.ExcludedFolders, oversizeItems, batch.Settings.MaxMessageSize,
            options.Value.ItContact, options.Value.NewServer);
        return NoticeRenderer.Render(template, Recipient(batch, user), facts);
    }

    /// <summary>After preflight: each user that passed gets the announcement; the timed notices are scheduled.</summary>
    public async Task AnnounceAsync(Batch batch, IReadOnlyList<PreflightResult> preflight, CancellationToken cancellationToken)
    {
        await jobs.ScheduleNowAsync(batch, NoticeKind.Announcement, preflight.Where(r => r.Passed).Select(r => (r.EmailAddress, r.Oversize)), cancellationToken);
        var users = await store.UsersAsync(batch.Id, cancellationToken);
        await jobs.ScheduleTimedAsync(batch, users.Select(u => (u.EmailAddress, ZoneOf(batch, u))), cancellationToken);
    }

    /// <summary>Every user of the batch gets <paramref name="kind"/> (at the final sync, at completion), each by a job of its own.</summary>
    public async Task TellEveryoneAsync(Batch batch, NoticeKind kind, CancellationToken cancellationToken) =>
        await jobs.ScheduleNowAsync(batch, kind, (await store.UsersAsync(batch.Id, cancellationToken)).Select(u => (u.EmailAddress, 0)), cancellationToken);

    public static NoticeRecipient Recipient(Batch batch, BatchUser user) => new(
        user.EmailAddress,
        user.Profile.DisplayName ?? user.EmailAddress.Split('@')[0],
        ZoneOf(batch, user),
        user.Profile.Locale ?? "en-US");

    /// <summary>The mailbox's time zone (Graph), else the batch's, else UTC.</summary>
    public static TimeZoneInfo ZoneOf(Batch batch, BatchUser user)
    {
        foreach (var id in new[] { user.Profile.TimeZone, batch.Settings.TimeZone })
        {
            if (id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
                return zone;
        }

        return TimeZoneInfo.Utc;
    }
}
