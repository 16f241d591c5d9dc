using MigrationBot.Notices;
using MigrationBot.Notices.Timeline;

namespace MigrationBot.Tests.Notices;

public sealed class NoticeTimelineTests
{
    // Cutover Saturday 2026-12-12 18:00 UTC.
    private static readonly DateTimeOffset Cutover = new(2026, 12, 12, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Europe/Berlin", "2026-12-11T08:00:00Z", "2026-12-13T08:00:00Z")]
    [InlineData("America/New_York", "2026-12-11T14:00:00Z", "2026-12-13T14:00:00Z")]
    [InlineData("Asia/Tokyo", "2026-12-12T00:00:00Z", "2026-12-14T00:00:00Z")]
    public void TimedNotices_ComeAtNineInTheMorningOfTheUsersOwnZone(string zone, string reminder, string checkIn)
    {
        var due = NoticeTimeline.Plan(Cutover, TimeZoneInfo.FindSystemTimeZoneById(zone), Now);

        Assert.Equal([NoticeKind.Reminder, NoticeKind.CheckIn], due.Select(d => d.Kind));
        Assert.Equal(DateTimeOffset.Parse(reminder, System.Globalization.CultureInfo.InvariantCulture), due[0].DueUtc);
        Assert.Equal(DateTimeOffset.Parse(checkIn, System.Globalization.CultureInfo.InvariantCulture), due[1].DueUtc);
    }

    [Fact]
    public void ABatchCreatedAfterTheRemindersMoment_SendsTheReminderAtOnce()
    {
        var late = new DateTimeOffset(2026, 12, 12, 10, 0, 0, TimeSpan.Zero);

        var due = NoticeTimeline.Plan(Cutover, TimeZoneInfo.Utc, late);

        Assert.Equal(late, due.Single(d => d.Kind == NoticeKind.Reminder).DueUtc);
    }

    [Fact]
    public void ACutoverAlreadyPast_HasNoReminder()
    {
        var due = NoticeTimeline.Plan(Cutover, TimeZoneInfo.Utc, Cutover.AddHours(1));

        Assert.DoesNotContain(due, d => d.Kind == NoticeKind.Reminder);
        Assert.Contains(due, d => d.Kind == NoticeKind.CheckIn);
    }

    [Fact]
    public void AnEarlyMorningCutover_GetsItsReminderBeforeIt()
    {
        // With the reminder on the cutover's own day, its 09:00 comes after a 06:00 cutover: it moves to an hour before.
        var early = new DateTimeOffset(2026, 12, 12, 6, 0, 0, TimeSpan.Zero);

        var due = NoticeTimeline.Plan(early, TimeZoneInfo.Utc, Now, new TimelineOptions { ReminderDaysBefore = 0 });

        Assert.Equal(early.AddHours(-1), due.Single(d => d.Kind == NoticeKind.Reminder).DueUtc);
    }

    [Fact]
    public void WithACheckInDelay_TheCheckInComesThatLongAfterTheCutover_InAnyZone()
    {
        var options = new TimelineOptions { CheckInDelay = TimeSpan.FromMinutes(5) };

        var tokyo = NoticeTimeline.Plan(Cutover, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), Now, options);
        var berlin = NoticeTimeline.Plan(Cutover, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), Now, options);

        Assert.Equal(Cutover.AddMinutes(5), tokyo.Single(d => d.Kind == NoticeKind.CheckIn).DueUtc);
        Assert.Equal(Cutover.AddMinutes(5), berlin.Single(d => d.Kind == NoticeKind.CheckIn).DueUtc);
    }

    [Fact]
    public void ACutoverMinutesAhead_SendsTheReminderAtOnce()
    {
        // What scripts/screenshots.sh does: the reminder's 09:00 the day before has passed, the cutover has not.
        var due = NoticeTimeline.Plan(Now.AddMinutes(3), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), Now);

        Assert.Equal(Now, due.Single(d => d.Kind == NoticeKind.Reminder).DueUtc);
    }

    [Fact]
    public void ALocalTimeTheClocksSkip_MovesToTheFirstMinuteAfterIt()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        // 2027-03-28: clocks go from 02:00 to 03:00 in Berlin.
        var at = NoticeTimeline.AtLocal(new DateOnly(2027, 3, 28), new TimeOnly(2, 30), berlin);

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 0, 0, TimeSpan.Zero), at);
    }
}
