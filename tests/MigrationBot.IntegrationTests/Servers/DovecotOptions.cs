namespace MigrationBot.IntegrationTests.Servers;

/// <summary>How a private test Dovecot instance is configured.</summary>
public sealed record DovecotOptions
{
    /// <summary>The capability list Exchange Online advertises after login (DESIGN.md §2).</summary>
    public const string ExchangeOnlineCapabilityList =
        "IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+";

    /// <summary>A stand-in for an Exchange Online target: its capability list, '/' separator, XOAUTH2 logins.</summary>
    public static DovecotOptions ExchangeOnlineLike(params DovecotUser[] users) => new()
    {
        Users = users,
        HierarchySeparator = '/',
        EnableOAuth = true,
        ExchangeOnlineCapabilities = true,
    };

    /// <summary>Users with passwords (passwd-file passdb).</summary>
    public IReadOnlyList<DovecotUser> Users { get; init; } = [];

    /// <summary>The master user: <c>user*admin</c> with this password logs in as <c>user</c>.</summary>
    public DovecotUser MasterUser { get; init; } = new("admin", "admin-secret");

    /// <summary><c>'.'</c> (Maildir++, the Dovecot default) or <c>'/'</c> (Maildir LAYOUT=fs).</summary>
    public char HierarchySeparator { get; init; } = '.';

    /// <summary>Runs a token introspection endpoint and accepts SASL XOAUTH2 / OAUTHBEARER for tokens from <see cref="DovecotServer.IssueOAuthToken"/>.</summary>
    public bool EnableOAuth { get; init; }

    /// <summary>Advertises exactly <see cref="ExchangeOnlineCapabilityList"/> after login (no MULTIAPPEND, CONDSTORE, SPECIAL-USE).</summary>
    public bool ExchangeOnlineCapabilities { get; init; }

    /// <summary>When set, APPENDs of messages larger than this many bytes are refused (quota plugin's quota_max_mail_size).</summary>
    public long? MaxMailSize { get; init; }

    /// <summary>When set, exactly these SASL mechanisms (Dovecot's auth_mechanisms), e.g. "login" for a server without AUTH=PLAIN.</summary>
    public string? AuthMechanisms { get; init; }

    /// <summary>Also listens for LMTP on a port of its own (<see cref="DovecotServer.LmtpPort"/>): an MTA delivers mail into the mailboxes.</summary>
    public bool EnableLmtp { get; init; }

    /// <summary>
    /// Maildir (the default) or sdbox. The large-folder benchmark measures both: Dovecot's own cost per APPEND into a
    /// Maildir folder grows with the folder's size (0.61-0.72x the pace at 200,000 messages as at 10,000), an sdbox folder's less (0.76-0.92x).
    /// </summary>
    public DovecotMailStorage Storage { get; init; } = DovecotMailStorage.Maildir;

    /// <summary>Where the Maildirs go (e.g. a tmpfs for benchmarks); default: inside the instance's temp dir.</summary>
    public string? MailRoot { get; init; }

    /// <summary>How long start-up may take before it fails.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    internal void Validate()
    {
        if (HierarchySeparator is not ('.' or '/'))
            throw new ArgumentException($"HierarchySeparator must be '.' or '/', not '{HierarchySeparator}'.");
        MasterUser.Validate();
        foreach (var user in Users)
            user.Validate();
        var duplicate = Users.GroupBy(u => u.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"User '{duplicate.Key}' is listed twice.");
    }
}
