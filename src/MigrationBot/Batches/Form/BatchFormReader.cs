using System.Globalization;
using System.Text;
using MigrationBot.Batches.Endpoints;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Csv;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Secrets;
using MigrationBot.Engine.Sync;

using static MigrationBot.Batches.Form.BatchFormFields;

namespace MigrationBot.Batches.Form;

/// <summary>Where a form is read: the saved endpoints, the conversation, the target's needs and the time.</summary>
public sealed record FormContext(
    IReadOnlyDictionary<string, SourceEndpointOptions> Endpoints, bool InChannel, bool TargetNeedsUserPasswords, DateTimeOffset Now);

/// <summary>
/// Checks a submitted batch form and collects every problem at once (CSV problems with their line numbers), so the
/// admin fixes the form in one go. Nothing is created from a form with a problem.
/// </summary>
public static partial class BatchFormReader
{
    private const int MaxApprovers = 50;

    public static (ValidBatchForm? Form, IReadOnlyList<FormProblem> Problems) Read(BatchFormValues values, FormContext context)
    {
        var problems = new List<FormProblem>();
        var (endpointName, source, savedEndpoint) = ReadEndpoint(values, context, problems);

        var credentials = values[Credentials] ?? PerUserPasswords;
        var adminForm = AdminForm.None;
        if (credentials != PerUserPasswords && !Enum.TryParse(credentials, ignoreCase: true, out adminForm))
            problems.Add(new(Credentials, $"Unknown credential form \"{credentials}\": pick one from the list."));
        if (adminForm == AdminForm.None && context.InChannel)
            problems.Add(new(Credentials, "Per-user passwords don't belong in a channel: pick an admin credential form, or start the batch in your personal chat with MigrationBot."));
        if (adminForm != AdminForm.None && context.TargetNeedsUserPasswords)
            problems.Add(new(Credentials, "The target logs in with each user's own password (Target:Auth is Password), so the CSV must carry passwords: pick \"Each user's password\"."));

        string? adminUser = null;
        Secret? adminPassword = null;
        if (adminForm != AdminForm.None)
        {
            adminUser = values[AdminUser] ?? (savedEndpoint?.AdminForm == adminForm ? savedEndpoint.AdminUser : null);
            var typed = values.Raw(AdminPasswordInput);
            adminPassword = !string.IsNullOrEmpty(typed) ? new Secret(typed)
                : savedEndpoint?.AdminForm == adminForm && !string.IsNullOrEmpty(savedEndpoint.AdminPassword) ? new Secret(savedEndpoint.AdminPassword) : null;
            if (adminUser is null)
                problems.Add(new(AdminUser, "Enter the admin user the admin form logs in as."));
            if (adminPassword is null)
                problems.Add(new(AdminPasswordInput, "Enter the admin's password."));
        }

        var users = ReadUsers(values.Raw(Csv), withPasswords: adminForm == AdminForm.None, problems);
        var maxSize = ReadInt(values, MaxMessageSizeMb, 35, 1, (int)(MigrationOptions.LargestMaxMessageSize / (1024 * 1024)), "The largest message size", problems);
        var concurrent = ReadInt(values, MaxConcurrent, 10, 1, 100, "Mailboxes at once", problems);
        if (savedEndpoint is not null && concurrent > savedEndpoint.MaxConcurrentMailboxes)
            concurrent = savedEndpoint.MaxConcurrentMailboxes;
        var interval = ReadInt(values, IntervalHours, 24, 1, 24 * 14, "The incremental interval (hours)", problems);

        var zoneName = values[TimeZoneName] ?? "UTC";
        TimeZoneInfo? zone = null;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneName);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problems.Add(new(TimeZoneName, $"Unknown time zone \"{zoneName}\": use an IANA name such as Europe/Berlin or America/New_York, or UTC."));
        }

        var startAt = ReadTime(values, StartDate, StartTime, zone, "The start", problems);
        var cutoverAt = ReadTime(values, CutoverDate, CutoverTime, zone, "The cutover", problems);
        if (startAt is { } start && start < context.Now - TimeSpan.FromMinutes(5))
            problems.Add(new(StartDate, "The start is in the past: leave it empty to start now."));
        if (cutoverAt is { } cutover && cutover <= (startAt ?? context.Now))
            problems.Add(new(CutoverDate, "The cutover must come after the start."));

        var approvers = (values[Approvers] ?? string.Empty).Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var bad in approvers.Where(a => !EntraObjectId().IsMatch(a)))
            problems.Add(new(Approvers, $"\"{Shorten(bad)}\" is not an Entra object id (a GUID such as 00000000-0000-0000-0000-000000000000; find it under the user in Entra admin center)."));
        if (approvers.Length > MaxApprovers)
            problems.Add(new(Approvers, $"At most {MaxApprovers} approvers; name a group's members in configuration instead."));

        var excluded = (values[ExcludedFolders] ?? string.Empty).Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        if (problems.Count > 0 || source is null)
            return (null, problems);

        var settings = new BatchSettings
        {
            EndpointName = endpointName,
            Source = source,
            AdminForm = adminForm,
            AdminUser = adminUser,
            MaxConcurrentMailboxes = concurrent,
            ExcludedFolders = excluded,
            MaxMessageSize = maxSize * 1024L * 1024L,
            StartAt = startAt,
            CutoverAt = cutoverAt,
            TimeZone = zone!.Id,
            IncrementalInterval = TimeSpan.FromHours(interval),
            Approvers = [.. approvers.Select(a => a.ToLowerInvariant())],
            PreflightFailuresBlock = string.Equals(values[PreflightBlocks], "true", StringComparison.OrdinalIgnoreCase),
        };
        return (new ValidBatchForm(settings, users, adminPassword), problems);
    }

    private static (string? Name, ImapEndpoint? Source, SourceEndpointOptions? Saved) ReadEndpoint(BatchFormValues values, FormContext context, List<FormProblem> problems)
    {
        var chosen = values[EndpointChoice] ?? OtherEndpoint;
        if (chosen != OtherEndpoint)
        {
            var saved = context.Endpoints.FirstOrDefault(e => string.Equals(e.Key, chosen, StringComparison.OrdinalIgnoreCase));
            if (saved.Value is null)
            {
                problems.Add(new(EndpointChoice, $"There is no saved endpoint \"{Shorten(chosen)}\"; saved: {(context.Endpoints.Count == 0 ? "none" : string.Join(", ", context.Endpoints.Keys))}."));
                return (null, null, null);
            }

            return (saved.Key, saved.Value.Endpoint, saved.Value);
        }

        var host = values[HostName];
        if (host is null || host.Contains(' ', StringComparison.Ordinal) || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            problems.Add(new(HostName, host is null ? "Enter the source server's host name." : $"\"{Shorten(host)}\" is not a host name."));
            return (null, null, null);
        }

        if (!Enum.TryParse<ImapSecurity>(values[Security] ?? "Ssl", ignoreCase: true, out var security))
            problems.Add(new(Security, "Pick the security from the list."));
        var port = ReadInt(values, Port, security == ImapSecurity.Ssl ? 993 : 143, 1, 65535, "The port", problems);
        return (null, new ImapEndpoint(host, port, security), null);
    }

    private static List<FormUser> ReadUsers(string? csv, bool withPasswords, List<FormProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(csv))
        {
            problems.Add(new(Csv, "Paste the users' CSV: a header line, then one line per mailbox."));
            return [];
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var result = MigrationCsv.Read(stream, withPasswords ? CsvPasswords.Required : CsvPasswords.Forbidden);
        foreach (var problem in result.Problems)
            problems.Add(new(Csv, problem.Line > 0 ? $"CSV line {problem.Line}: {problem.Message}" : $"CSV: {problem.Message}"));
        if (!result.IsValid)
            return [];
        var users = result.MailboxesToMigrate()
            .Select(m => new FormUser(m.EmailAddress, m.UserName, m.UserRoot, withPasswords ? m.Password : null))
            .ToList();
        if (users.Count == 0)
            problems.Add(new(Csv, "The CSV lists no users: add one line per mailbox under the header."));
        return users;
    }

    private static int ReadInt(BatchFormValues values, string field, int fallback, int min, int max, string what, List<FormProblem> problems)
    {
        var text = values[field];
        if (text is null)
            return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        problems.Add(new(field, $"{what} must be a whole number from {min} to {max}, not \"{Shorten(text)}\"."));
        return fallback;
    }

    private static DateTimeOffset? ReadTime(BatchFormValues values, string dateField, string timeField, TimeZoneInfo? zone, string what, List<FormProblem> problems)
    {
        var dateText = values[dateField];
        var timeText = values[timeField];
        if (dateText is null)
        {
            if (timeText is not null)
                problems.Add(new(dateField, $"{what} has a time but no date: pick the date too."));
            return null;
        }

        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problems.Add(new(dateField, $"{what} date \"{Shorten(dateText)}\" is not a date (YYYY-MM-DD)."));
            return null;
        }

        var time = TimeOnly.MinValue;
        if (timeText is not null && !TimeOnly.TryParseExact(timeText, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            problems.Add(new(dateField, $"{what} time \"{Shorten(timeText)}\" is not a time (HH:mm)."));
            return null;
        }

        if (zone is null)
            return null;
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            problems.Add(new(dateField, $"{what} time {local:yyyy-MM-dd HH:mm} does not exist in {zone.Id} (the clocks skip it): pick another time."));
            return null;
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>A GUID's shape, loosely: hex digits and dashes (Teams test clients send ids that are not strict GUIDs).</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[0-9A-Fa-f]{8}-?[0-9A-Fa-f-]{24,31}$")]
    private static partial System.Text.RegularExpressions.Regex EntraObjectId();
}
