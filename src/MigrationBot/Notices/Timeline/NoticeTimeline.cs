namespace MigrationBot.Notices.Timeline;

/// <summary>When the timed notices are due, as options say: a day's offset and a local hour.</summary>
public sealed record TimelineOptions
{
    /// <summary>The reminder comes this many days before the cutover's local date (default 1: the day before).</summary>
    public int ReminderDaysBefore { get; init; } = 1;

    /// <summary>The check-in comes this many days after the cutover's local date.</summary>
    public int CheckInDaysAfter { get; init; } = 1;

    /// <summary>Timed notices arrive at this local time (people read them at the start of a working day).</summary>
    public TimeOnly LocalTime { get; init; } = new(9, 0);

    /// <summary>Set: the check-in comes this long after the cutover instead (<c>Notices:CheckInDelay</c>).</summary>
    public TimeSpan? CheckInDelay { get; init; }
}

/// <summary>A notice due for one user at one instant.</summary>
public sealed record DueNotice(NoticeKind Kind, DateTimeOffset DueUtc);

/// <summary>
/// The timed notices of one user, relative to the cutover and in the user's own time zone: the reminder the day before
/// the cutover's local date at 09:00 local (or at once, if that moment has passed but the cutover has not), the check-in
/// the day after at 09:00 local (or a set delay after the cutover). A local time the clocks skip (DST) moves to the first valid minute after it.
/// The announcement, "in progress" and "moved" follow events, not the clock.
/// </summary>
public static class NoticeTimeline
{
    public static IReadOnlyList<DueNotice> Plan(DateTimeOffset cutoverUtc, TimeZoneInfo zone, DateTimeOffset now, TimelineOptions? options = null)
    {
        options ??= new TimelineOptions();
        var cutoverLocal = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(cutoverUtc, zone).DateTime);
        var due = new List<DueNotice>();

        var reminder = AtLocal(cutoverLocal.AddDays(-options.ReminderDaysBefore), options.LocalTime, zone);
        if (reminder >= cutoverUtc)
            reminder = cutoverUtc - TimeSpan.FromHours(1);
        if (cutoverUtc > now)
            due.Add(new DueNotice(NoticeKind.Reminder, reminder < now ? now : reminder));

        due.Add(new DueNotice(NoticeKind.CheckIn, options.CheckInDelay is { } delay
            ? cutoverUtc + delay
            : AtLocal(cutoverLocal.AddDays(options.CheckInDaysAfter), options.LocalTime, zone)));
        return due;
    }

    /// <summary>The instant a local date and time names in <paramref name="zone"/>; in a DST gap, the first minute after it.</summary>
    public static DateTimeOffset AtLocal(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        // An ambiguous time (clocks set back) is taken in its first occurrence, the earlier instant.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
