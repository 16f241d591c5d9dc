using System.Globalization;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// Debian's PostgreSQL binaries (<c>/usr/lib/postgresql/&lt;version&gt;/bin</c>) and the unprivileged account a private
/// server runs as: PostgreSQL refuses to run as root, so as root (CI) the server runs as <c>postgres</c> (created by the
/// package) or, failing that, <c>nobody</c>, through <c>setpriv</c>, which execs (no fork: the process we start is the server).
/// </summary>
internal sealed record PostgresInstall(string BinDirectory, string? RunAs, int Uid, int Gid)
{
    public const string NotInstalled = "PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/postgres): run scripts/install-deps.sh (Debian package postgresql)";
    private const string Root = "/usr/lib/postgresql";
    private const string SetPriv = "/usr/bin/setpriv";

    public string Binary(string name) => Path.Combine(BinDirectory, name);

    /// <exception cref="InvalidOperationException">PostgreSQL or setpriv is missing: says what to install.</exception>
    public static Task<PostgresInstall> FindAsync(CancellationToken ct) => FindAsync(Root, ct);

    /// <param name="root">Where the versions' folders are (Debian's <c>/usr/lib/postgresql</c>; another for a test).</param>
    public static async Task<PostgresInstall> FindAsync(string root, CancellationToken ct)
    {
        var bin = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root)
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1, Bin: Path.Combine(d, "bin")))
                .Where(c => c.Version > 0 && File.Exists(Path.Combine(c.Bin, "postgres")) && File.Exists(Path.Combine(c.Bin, "initdb")))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Bin)
                .FirstOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException(NotInstalled);
        if (Environment.UserName != "root")
            return new PostgresInstall(bin, null, -1, -1);
        if (!File.Exists(SetPriv))
            throw new InvalidOperationException($"{SetPriv} is missing (Debian package util-linux): it runs PostgreSQL as an unprivileged user");
        foreach (var user in new[] { "postgres", "nobody" })
        {
            var uid = await Command.RunAsync("id", ["-u", user], TimeSpan.FromSeconds(10), ct);
            var gid = await Command.RunAsync("id", ["-g", user], TimeSpan.FromSeconds(10), ct);
            if (uid.ExitCode == 0 && gid.ExitCode == 0)
                return new PostgresInstall(bin, user, int.Parse(uid.Output.Trim(), CultureInfo.InvariantCulture), int.Parse(gid.Output.Trim(), CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException("neither a 'postgres' nor a 'nobody' user exists to run PostgreSQL as: run scripts/install-deps.sh");
    }

    /// <summary>The program and arguments that run <paramref name="binary"/> as the unprivileged user (as is, when not root).</summary>
    public (string FileName, IReadOnlyList<string> Arguments) AsServerUser(string binary, IEnumerable<string> arguments) =>
        RunAs is null
            ? (binary, [.. arguments])
            : (SetPriv, [$"--reuid={Uid.ToString(CultureInfo.InvariantCulture)}", $"--regid={Gid.ToString(CultureInfo.InvariantCulture)}", "--clear-groups", "--", binary, .. arguments]);

    /// <summary>Hands <paramref name="directory"/> (and what is in it) to the unprivileged user.</summary>
    public async Task GiveAsync(string directory, CancellationToken ct)
    {
        if (RunAs is null)
            return;
        (await Command.RunAsync("chown", ["-R", $"{Uid.ToString(CultureInfo.InvariantCulture)}:{Gid.ToString(CultureInfo.InvariantCulture)}", directory], TimeSpan.FromSeconds(10), ct))
            .EnsureSuccess($"chown of {directory} to {RunAs}");
    }
}
