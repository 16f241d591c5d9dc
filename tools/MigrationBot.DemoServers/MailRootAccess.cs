namespace MigrationBot.DemoServers;

/// <summary>
/// Started as root, Dovecot accesses mail as nobody (DESIGN.md §9), which must pass through every directory above the
/// Maildirs. A folder created under umask 077 stops it, and Dovecot then answers CREATE with a bare "Internal error":
/// say so before starting instead.
/// </summary>
internal static class MailRootAccess
{
    /// <summary>Null when nobody can reach <paramref name="dataDirectory"/>; otherwise what to change.</summary>
    public static string? Problem(string dataDirectory)
    {
        if (Environment.UserName != "root")
            return null; // Dovecot then runs as the current user, who created the directory.
        for (var directory = new DirectoryInfo(dataDirectory); directory is not null; directory = directory.Parent)
        {
            if (!directory.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
                return $"Dovecot's mail processes (user nobody) cannot enter {directory.FullName}: allow it with chmod o+x, or pick another --data directory";
        }
        return null;
    }
}
