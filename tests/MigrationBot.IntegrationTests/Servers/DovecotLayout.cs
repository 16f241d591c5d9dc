namespace MigrationBot.IntegrationTests.Servers;

/// <summary>The files of one private Dovecot instance, all under one temp dir.</summary>
internal sealed record DovecotLayout(string Root, string MailRoot)
{
    public string ConfigFile => Path.Combine(Root, "dovecot.conf");
    public string BaseDir => Path.Combine(Root, "run");
    public string StateDir => Path.Combine(Root, "state");
    public string LogFile => Path.Combine(Root, "dovecot.log");
    public string CertificateFile => Path.Combine(Root, "cert.pem");
    public string KeyFile => Path.Combine(Root, "key.pem");
    public string UsersFile => Path.Combine(Root, "users.passwd");
    public string MastersFile => Path.Combine(Root, "masters.passwd");
    public string OAuthFile => Path.Combine(Root, "oauth2.conf.ext");
}

/// <summary>Ports chosen for one instance; the introspection port is 0 without OAuth.</summary>
internal sealed record DovecotPorts(int Imap, int Imaps, int Introspection, int Lmtp = 0);

/// <summary>Who Dovecot runs mail access as: nobody/nogroup when started as root, else the current user and group.</summary>
internal sealed record DovecotIdentity(bool IsRoot, string UserName, string GroupName)
{
    public static async Task<DovecotIdentity> CurrentAsync(CancellationToken ct)
    {
        if (Environment.UserName == "root")
            return new DovecotIdentity(true, "root", "root");
        var group = await Command.RunAsync("id", ["-gn"], TimeSpan.FromSeconds(10), ct);
        return new DovecotIdentity(false, Environment.UserName, group.EnsureSuccess("id -gn").Output.Trim());
    }
}
