using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailKit.Net.Imap;
using MailKit.Security;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A private Dovecot 2.3 instance on 127.0.0.1 with its own config, ports, certificate, users and Maildirs in a temp dir
/// (DESIGN.md §9). No xunit dependency: the benchmarks link this file too.
/// </summary>
public sealed partial class DovecotServer : IAsyncDisposable
{
    private const string NotInstalled = "dovecot is not installed: run ./scripts/install-deps.sh";
    private const int StartAttempts = 4;

    private readonly DovecotLayout _layout;
    private readonly OAuthIntrospectionEndpoint? _introspection;
    private readonly string _doveadm;
    private Process? _master;
    private readonly StringBuilder _consoleOutput = new();
    private int _disposed;

    private DovecotServer(DovecotOptions options, DovecotLayout layout, X509Certificate2 certificate, OAuthIntrospectionEndpoint? introspection, string doveadm)
    {
        Options = options;
        _layout = layout;
        Certificate = certificate;
        _introspection = introspection;
        _doveadm = doveadm;
    }

    public DovecotOptions Options { get; }

    /// <summary>Always the loopback address: instances listen nowhere else.</summary>
    public string Host => "127.0.0.1";

    /// <summary>Plain IMAP with STARTTLS.</summary>
    public int ImapPort { get; private set; }

    /// <summary>IMAP over TLS from the first byte.</summary>
    public int ImapsPort { get; private set; }

    /// <summary>LMTP for deliveries (<see cref="DovecotOptions.EnableLmtp"/>), else 0.</summary>
    public int LmtpPort { get; private set; }

    /// <summary>The server's self-signed certificate (public part).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A validation callback that accepts exactly this server's certificate.</summary>
    public RemoteCertificateValidationCallback CertificateValidation => SelfSignedCertificate.Pin(Certificate);

    /// <summary>The master process (its imap, login and auth processes are its children), while the server runs.</summary>
    public int? MasterProcessId => _master is { HasExited: false } master ? master.Id : null;

    public char HierarchySeparator => Options.HierarchySeparator;
    public string ConfigFile => _layout.ConfigFile;
    public string LogFile => _layout.LogFile;

    /// <summary>The directory holding one Maildir per user (<c>MailRoot/user</c>).</summary>
    public string MailRoot => _layout.MailRoot;

    /// <summary>The SASL login that authenticates as the master user on behalf of <paramref name="user"/>: <c>user*admin</c>.</summary>
    public string MasterLogin(string user) => $"{user}*{Options.MasterUser.Name}";

    public string PasswordOf(string user) =>
        Options.Users.FirstOrDefault(u => u.Name == user)?.Password
        ?? throw new ArgumentException($"'{user}' is not a user of this Dovecot instance.", nameof(user));

    /// <summary>Issues a token the oauth2 passdb accepts for <paramref name="user"/> (SASL XOAUTH2 / OAUTHBEARER).</summary>
    public string IssueOAuthToken(string user) =>
        (_introspection ?? throw new InvalidOperationException("Start the server with EnableOAuth = true to issue OAuth tokens.")).Issue(user);

    /// <summary>Makes a token issued earlier inactive.</summary>
    public void RevokeOAuthToken(string token) => _introspection?.Revoke(token);

    /// <summary>How many token introspections Dovecot asked for.</summary>
    public int OAuthIntrospectionCount => _introspection?.RequestCount ?? 0;

    public static async Task<DovecotServer> StartAsync(DovecotOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("The Dovecot test fixture runs on Linux.");
        var dovecot = Command.Find("dovecot") ?? throw new InvalidOperationException(NotInstalled);
        var doveadm = Command.Find("doveadm") ?? throw new InvalidOperationException(NotInstalled);
        var identity = await DovecotIdentity.CurrentAsync(ct);

        await StaleInstances.CleanAsync(doveadm, ct);
        var root = Directory.CreateTempSubdirectory(StaleInstances.DirectoryPrefix).FullName;
        DovecotServer? server = null;
        try
        {
            // Dovecot's unprivileged processes (dovenull, dovecot, nobody) must traverse the temp dir.
            File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
            var mailRoot = options.MailRoot is null
                ? Path.Combine(root, "mail")
                : Path.Combine(options.MailRoot, Path.GetFileName(root));
            Directory.CreateDirectory(mailRoot);
            StaleInstances.Claim(root, mailRoot);
            var layout = new DovecotLayout(root, mailRoot);
            if (identity.IsRoot)
            {
                // Mail access runs as nobody: it creates the per-user Maildirs here.
                (await Command.RunAsync("chown", ["nobody:nogroup", mailRoot], TimeSpan.FromSeconds(10), ct))
                    .EnsureSuccess("chown of the mail root");
            }
            File.WriteAllText(layout.UsersFile, DovecotConfig.RenderPasswd(options.Users));
            File.WriteAllText(layout.MastersFile, DovecotConfig.RenderPasswd([options.MasterUser]));
            var certificate = SelfSignedCertificate.Create(layout.CertificateFile, layout.KeyFile);
            var introspection = options.EnableOAuth ? OAuthIntrospectionEndpoint.Start() : null;
            server = new DovecotServer(options, layout, certificate, introspection, doveadm);
            await server.StartMasterAsync(dovecot, identity, ct);
            return server;
        }
        catch
        {
            if (server is not null)
                await server.DisposeAsync();
            else
                TryDelete(root);
            throw;
        }
    }

    private async Task StartMasterAsync(string dovecot, DovecotIdentity identity, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = PickPorts(_introspection?.Port ?? 0);
            File.WriteAllText(_layout.ConfigFile, DovecotConfig.Render(Options, _layout, ports, identity));
            if (_introspection is not null)
                File.WriteAllText(_layout.OAuthFile, DovecotConfig.RenderOAuth(ports));
            ImapPort = ports.Imap;
            ImapsPort = ports.Imaps;
            LmtpPort = Options.EnableLmtp ? ports.Lmtp : 0;

            var logLengthBefore = File.Exists(_layout.LogFile) ? new FileInfo(_layout.LogFile).Length : 0;
            _master = StartMaster(dovecot);
            var failure = await WaitUntilListeningAsync(ct);
            if (failure is null)
                return;

            await StopMasterAsync(ct);
            var log = ReadLogTail(40);
            var portTaken = ReadLogSince(logLengthBefore).Contains("Address already in use", StringComparison.Ordinal);
            if (portTaken && attempt < StartAttempts)
                continue; // another process took a port we picked; pick again
            throw new InvalidOperationException(
                $"Dovecot did not start ({failure}). Config: {_layout.ConfigFile}. Log tail:{Environment.NewLine}{log}");
        }
    }

    private static DovecotPorts PickPorts(int introspection)
    {
        // Each port was free a moment ago; the kernel may hand the same one out twice in a row.
        var imap = FreePort.Next();
        var imaps = FreePort.Next();
        var lmtp = FreePort.Next();
        while (new[] { imap, imaps, lmtp, introspection }.Distinct().Count() < 4)
        {
            imap = FreePort.Next();
            imaps = FreePort.Next();
            lmtp = FreePort.Next();
        }
        return new DovecotPorts(imap, imaps, introspection, lmtp);
    }

    private Process StartMaster(string dovecot)
    {
        // -F: stay in the foreground so this process owns the master and can kill it as a last resort.
        var info = new ProcessStartInfo(dovecot)
        {
            ArgumentList = { "-F", "-c", _layout.ConfigFile },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => AppendConsole(e.Data);
        process.ErrorDataReceived += (_, e) => AppendConsole(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void AppendConsole(string? line)
    {
        if (line is null)
            return;
        lock (_consoleOutput)
            _consoleOutput.AppendLine(line);
    }

    /// <summary>Null when both ports accept connections; otherwise why not.</summary>
    private async Task<string?> WaitUntilListeningAsync(CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Options.StartTimeout)
        {
            if (_master is null || _master.HasExited)
                return $"the dovecot master exited with code {_master?.ExitCode}";
            if (await AcceptsAsync(ImapPort, tls: false, ct) && await AcceptsAsync(ImapsPort, tls: true, ct))
                return null;
            await Task.Delay(50, ct);
        }
        return $"ports {ImapPort}/{ImapsPort} did not accept connections within {Options.StartTimeout.TotalSeconds:0} s";
    }

    /// <summary>True once the port greets: imap-login holds the greeting back until the auth process is ready.</summary>
    private async Task<bool> AcceptsAsync(int port, bool tls, CancellationToken ct)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(Host, port, timeout.Token);
            Stream stream = client.GetStream();
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, CertificateValidation);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
                stream = ssl;
            }
            await using (stream)
            {
                using var reader = new StreamReader(stream, Encoding.ASCII);
                var greeting = await reader.ReadLineAsync(timeout.Token);
                return greeting?.StartsWith("* OK", StringComparison.Ordinal) == true;
            }
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>The last lines of Dovecot's log file and of anything it printed to the console.</summary>
    public string ReadLogTail(int lines = 40)
    {
        var text = new StringBuilder();
        try
        {
            if (File.Exists(_layout.LogFile))
            {
                foreach (var line in File.ReadLines(_layout.LogFile).TakeLast(lines))
                    text.AppendLine(line);
            }
        }
        catch (IOException e)
        {
            text.AppendLine($"(log unreadable: {e.Message})");
        }
        lock (_consoleOutput)
        {
            if (_consoleOutput.Length > 0)
                text.AppendLine("console:").Append(_consoleOutput);
        }
        return text.ToString();
    }

    private string ReadLogSince(long offset)
    {
        string log;
        try
        {
            log = File.Exists(_layout.LogFile) ? File.ReadAllText(_layout.LogFile) : "";
        }
        catch (IOException)
        {
            log = "";
        }
        lock (_consoleOutput)
            return (offset < log.Length ? log[(int)offset..] : "") + _consoleOutput;
    }

    /// <summary>A connected, not yet authenticated client; the self-signed certificate is accepted explicitly.</summary>
    public async Task<ImapClient> ConnectAsync(SecureSocketOptions security, CancellationToken ct)
    {
        var client = new ImapClient { ServerCertificateValidationCallback = CertificateValidation };
        try
        {
            var port = security == SecureSocketOptions.SslOnConnect ? ImapsPort : ImapPort;
            await client.ConnectAsync(Host, port, security, ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A client logged in as <paramref name="user"/> with the password from the options (plain IMAP over loopback).</summary>
    public async Task<ImapClient> LoginAsync(string user, CancellationToken ct)
    {
        var client = await ConnectAsync(SecureSocketOptions.None, ct);
        try
        {
            await client.AuthenticateAsync(user, PasswordOf(user), ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task StopMasterAsync(CancellationToken ct)
    {
        if (_master is null)
            return;
        try
        {
            await DovecotMaster.StopAsync(_doveadm, _layout.ConfigFile, _master, ct);
        }
        finally
        {
            _master.Dispose();
            _master = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        try
        {
            await StopMasterAsync(CancellationToken.None);
        }
        finally
        {
            if (_introspection is not null)
                await _introspection.DisposeAsync();
            Certificate.Dispose();
            TryDelete(_layout.MailRoot);
            TryDelete(_layout.Root);
        }
    }

    private static void TryDelete(string directory) => StaleInstances.TryDelete(directory);
}
