using System.CommandLine;
using System.Globalization;
using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Cli.Input;

/// <summary>The options every command shares: the CSV, both endpoints, the target login, and what to copy.</summary>
public sealed class CommonOptions
{
    public Option<FileInfo> Csv { get; } = new("--csv") { Description = "Users to migrate, in Exchange's IMAP-migration CSV format: EmailAddress,UserName,Password[,UserRoot].", Required = true };
    public Option<string> User { get; } = new("--user") { Description = "Only this mailbox (its EmailAddress in the CSV)." };

    public Option<string> SourceHost { get; } = new("--source-host") { Description = "The source IMAP server.", Required = true };
    public Option<int?> SourcePort { get; } = new("--source-port") { Description = "Source port (default 993 with ssl, else 143)." };
    public Option<ImapSecurity> SourceSecurity { get; } = new("--source-security") { Description = "None, Ssl or Tls (STARTTLS).", DefaultValueFactory = _ => ImapSecurity.Ssl };
    public Option<bool> SourceAllowInvalidCertificate { get; } = new("--source-allow-invalid-certificate") { Description = "Accept a certificate that fails validation (self-signed test servers only)." };
    public Option<SourceAuth> SourceAuth { get; } = new("--source-auth") { Description = "Password (the CSV's UserName and Password) or Xoauth2 (a Microsoft 365 source: an app-only token for the CSV's UserName; the Password column is not used).", DefaultValueFactory = _ => Input.SourceAuth.Password };
    public Option<string> SourceTenantId { get; } = new("--source-tenant-id") { Description = "Source Xoauth2: the source tenant's id." };
    public Option<string> SourceClientId { get; } = new("--source-client-id") { Description = "Source Xoauth2: the app's client id in the source tenant (IMAP.AccessAsApp, FullAccess on the mailboxes)." };
    public Option<string> SourceClientSecretEnv { get; } = new("--source-client-secret-env") { Description = "Source Xoauth2: environment variable holding the client secret." };
    public Option<string> SourceClientSecretFile { get; } = new("--source-client-secret-file") { Description = "Source Xoauth2: file holding the client secret." };

    public Option<string> TargetHost { get; } = new("--target-host") { Description = "The target IMAP server.", DefaultValueFactory = _ => "outlook.office365.com" };
    public Option<int?> TargetPort { get; } = new("--target-port") { Description = "Target port (default 993 with ssl, else 143)." };
    public Option<ImapSecurity> TargetSecurity { get; } = new("--target-security") { Description = "None, Ssl or Tls (STARTTLS).", DefaultValueFactory = _ => ImapSecurity.Ssl };
    public Option<bool> TargetAllowInvalidCertificate { get; } = new("--target-allow-invalid-certificate") { Description = "Accept a certificate that fails validation (self-signed test servers only)." };
    public Option<TargetAuth> TargetAuth { get; } = new("--target-auth") { Description = "Xoauth2 (Exchange Online, app-only token), Master (an admin logs in for each mailbox) or Password (each mailbox logs in as its EmailAddress with the CSV's Password, for IMAP-to-IMAP moves).", DefaultValueFactory = _ => Input.TargetAuth.Xoauth2 };
    public Option<string> TenantId { get; } = new("--tenant-id") { Description = "Xoauth2: the Entra tenant id." };
    public Option<string> ClientId { get; } = new("--client-id") { Description = "Xoauth2: the app's client id (IMAP.AccessAsApp, FullAccess on the mailboxes)." };
    public Option<string> ClientSecretEnv { get; } = new("--client-secret-env") { Description = "Xoauth2: environment variable holding the client secret." };
    public Option<string> ClientSecretFile { get; } = new("--client-secret-file") { Description = "Xoauth2: file holding the client secret." };
    public Option<string> TargetAdmin { get; } = new("--target-admin") { Description = "Master: the administrator's login." };
    public Option<string> TargetAdminPasswordEnv { get; } = new("--target-admin-password-env") { Description = "Master: environment variable holding the administrator's password." };
    public Option<string> TargetAdminPasswordFile { get; } = new("--target-admin-password-file") { Description = "Master: file holding the administrator's password." };

    public Option<string[]> ExcludeFolder { get; } = new("--exclude-folder") { Description = "Folder not to migrate (repeatable): a path like Projects/Old, a subtree Projects/*, or #Inbox#, #SentItems#, #DeletedItems#, #JunkEmail#, #Drafts#, #Archive#.", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> IncludeFolder { get; } = new("--include-folder") { Description = "Migrate only these folders (repeatable, same forms as --exclude-folder).", AllowMultipleArgumentsPerToken = true };
    public Option<int> MaxMessageSizeMb { get; } = new("--max-message-size-mb") { Description = "Skip (and report) messages larger than this; 1 to 150.", DefaultValueFactory = _ => 35 };
    public Option<string> ReceivedAfter { get; } = new("--received-after") { Description = "Copy only messages received on or after this date (yyyy-MM-dd, UTC)." };
    public Option<string> ReceivedBefore { get; } = new("--received-before") { Description = "Copy only messages received before this date (yyyy-MM-dd, UTC; the day itself is not included)." };

    public Option<SourceDeletions> SourceDeletions { get; } = new("--source-deletions") { Description = "Keep (default: a message deleted on the source since an earlier pass stays on the target, counted in the report) or Mirror (its copy is expunged on the target; only copies MigrationBot appended are touched).", DefaultValueFactory = _ => Engine.Sync.SourceDeletions.Keep };
    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Log progress details (Information and Debug) to stderr, besides warnings and errors." };

    public IEnumerable<Option> All =>
    [
        Csv, User, SourceHost, SourcePort, SourceSecurity, SourceAllowInvalidCertificate,
        SourceAuth, SourceTenantId, SourceClientId, SourceClientSecretEnv, SourceClientSecretFile,
        TargetHost, TargetPort, TargetSecurity, TargetAllowInvalidCertificate, TargetAuth, TenantId, ClientId, ClientSecretEnv, ClientSecretFile,
        TargetAdmin, TargetAdminPasswordEnv, TargetAdminPasswordFile, ExcludeFolder, IncludeFolder, MaxMessageSizeMb, ReceivedAfter, ReceivedBefore, SourceDeletions, Verbose,
    ];

    public ImapEndpoint SourceEndpoint(ParseResult result) => Endpoint(
        result.GetValue(SourceHost)!, result.GetValue(SourcePort), result.GetValue(SourceSecurity), result.GetValue(SourceAllowInvalidCertificate));

    public ImapEndpoint TargetEndpoint(ParseResult result) => Endpoint(
        result.GetValue(TargetHost)!, result.GetValue(TargetPort), result.GetValue(TargetSecurity), result.GetValue(TargetAllowInvalidCertificate));

    public MigrationOptions MigrationOptions(ParseResult result, int? concurrency = null, int? appendConnections = null, int? errorLimit = null)
    {
        var maxSize = result.GetValue(MaxMessageSizeMb);
        if (maxSize is < 1 or > 150)
            throw new InputException($"--max-message-size-mb must be between 1 and 150 (Exchange Online's limit), not {maxSize}");
        var after = Date(result, ReceivedAfter);
        var before = Date(result, ReceivedBefore);
        if (after >= before)
            throw new InputException($"--received-after ({result.GetValue(ReceivedAfter)}) must be earlier than --received-before ({result.GetValue(ReceivedBefore)})");

        var options = new MigrationOptions
        {
            MaxMessageSize = maxSize * 1024L * 1024,
            ReceivedAfter = after,
            ReceivedBefore = before,
            SourceDeletions = result.GetValue(SourceDeletions),
            Folders = new FolderFilter(result.GetValue(IncludeFolder), result.GetValue(ExcludeFolder)),
            MaxConcurrentMailboxes = concurrency ?? 20,
            AppendConnectionsPerMailbox = appendConnections ?? 0,
            MaxErrorsPerMailbox = errorLimit ?? 50,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InputException(ex.Message.Split(" (Parameter")[0]);
        }

        return options;
    }

    /// <summary>A date option's value as midnight UTC of that day, or null when the option is not given.</summary>
    private static DateTimeOffset? Date(ParseResult result, Option<string> option)
    {
        if (result.GetValue(option) is not { } text)
            return null;
        if (!DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            throw new InputException($"{option.Name} must be a date like 2024-01-31, not '{text}'");
        return new DateTimeOffset(date, TimeSpan.Zero);
    }

    private static ImapEndpoint Endpoint(string host, int? port, ImapSecurity security, bool allowInvalid)
    {
        var resolved = port ?? (security == ImapSecurity.Ssl ? 993 : 143);
        if (resolved is < 1 or > 65535)
            throw new InputException($"port {resolved} is not a TCP port");
        return new ImapEndpoint(host, resolved, security, allowInvalid);
    }
}
