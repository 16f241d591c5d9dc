using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A private PostgreSQL server (Debian's <c>postgresql</c> package, not its system service) on 127.0.0.1 and a free
/// port, with its own data directory and socket directory in a temp dir, run as an unprivileged user (DESIGN.md §9).
/// Password (SCRAM) authentication over TCP as a real server asks, fsync off. Each test asks for its own database. No xunit dependency.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string DirectoryPrefix = "migrationbot-postgres-";
    public const string SuperUser = "postgres";
    private const string OwnerFile = "owner.pid";
    private const int StartAttempts = 4;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly PostgresInstall _install;
    private readonly string _root;
    private readonly StringBuilder _output = new();
    private Process? _process;
    private int _disposed;

    private PostgresServer(PostgresInstall install, string root)
    {
        _install = install;
        _root = root;
    }

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    public string DataDirectory => Path.Combine(_root, "data");

    private string SocketDirectory => Path.Combine(_root, "run");

    private string PasswordFile => Path.Combine(_root, "superuser.pw");

    /// <summary>The superuser's password, new for each server: the connection strings carry it, as a deployment's would.</summary>
    public string Password { get; } = "pg-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

    /// <summary>Initialises a data directory and starts the server; it accepts connections when this returns.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, or did not start: the message says why.</exception>
    public static async Task<PostgresServer> StartAsync(CancellationToken ct)
    {
        var install = await PostgresInstall.FindAsync(ct);
        await CleanStaleAsync(install, ct);
        var root = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        var server = new PostgresServer(install, root);
        try
        {
            Directory.CreateDirectory(server.SocketDirectory);
            await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ct);
            await File.WriteAllTextAsync(server.PasswordFile, server.Password, ct);
            await install.GiveAsync(root, ct);
            await server.InitDbAsync(ct);
            await server.StartServerAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The superuser's connection string to <paramref name="database"/>, with its password.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host, Port = Port, Username = SuperUser, Password = Password, Database = database, Timeout = 10, ApplicationName = "migrationbot-tests",
    }.ConnectionString;

    /// <summary>Creates an empty database of its own for one test and gives its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken ct)
    {
        var name = "t_" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync(ct);
        // FILE_COPY (PostgreSQL 15+): 0.09-0.18 s a database here against 0.30 s for the default WAL_LOG, which writes the
        // whole template into the WAL; its checkpoint costs little with fsync off.
        var strategy = connection.PostgreSqlVersion.Major >= 15 ? " STRATEGY = FILE_COPY" : "";
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{strategy}", connection);
        await create.ExecuteNonQueryAsync(ct);
        return ConnectionString(name);
    }

    /// <summary>Everything in <paramref name="connectionString"/>'s database as <c>pg_dump</c> writes it (plain SQL): what a backup of it would hold.</summary>
    public async Task<string> DumpAsync(string connectionString, CancellationToken ct)
    {
        var where = new NpgsqlConnectionStringBuilder(connectionString);
        var uri = string.Create(CultureInfo.InvariantCulture,
            $"postgresql://{Uri.EscapeDataString(SuperUser)}:{Uri.EscapeDataString(Password)}@{Host}:{Port}/{Uri.EscapeDataString(where.Database!)}");
        var dump = await Command.RunAsync(_install.Binary("pg_dump"), ["--no-owner", "--no-privileges", "--dbname=" + uri], _root, TimeSpan.FromMinutes(1), ct);
        return dump.EnsureSuccess($"pg_dump of {where.Database}").Output;
    }

    /// <summary>Stops the server (fast shutdown: connections are cut), keeping its data: the database is unavailable until <see cref="StartAgainAsync"/>.</summary>
    public Task StopServerAsync() => StopAsync();

    /// <summary>Starts the stopped server again on the same port, with the same data; it accepts connections when this returns.</summary>
    public async Task StartAgainAsync(CancellationToken ct)
    {
        _process = StartPostgres();
        if (await WaitUntilReadyAsync(ct) is { } failure)
            throw new InvalidOperationException($"PostgreSQL did not start again ({failure}). Its output:{Environment.NewLine}{Output}");
    }

    /// <summary>What the server printed (its log goes to stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    private async Task InitDbAsync(CancellationToken ct)
    {
        var (fileName, arguments) = _install.AsServerUser(_install.Binary("initdb"),
        [
            "-D", DataDirectory, "-U", SuperUser, $"--pwfile={PasswordFile}", "--auth-local=trust", "--auth-host=scram-sha-256",
            "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
        ]);
        (await Command.RunAsync(fileName, arguments, _root, TimeSpan.FromMinutes(1), ct)).EnsureSuccess($"initdb of {DataDirectory}");
        File.Delete(PasswordFile);
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            var outputBefore = Output.Length;
            _process = StartPostgres();
            var failure = await WaitUntilReadyAsync(ct);
            if (failure is null)
                return;
            await StopAsync();
            var output = Output;
            if (attempt < StartAttempts && output[outputBefore..].Contains("Address already in use", StringComparison.Ordinal))
                continue; // another process took the port between FreePort and our bind
            throw new InvalidOperationException($"PostgreSQL did not start ({failure}). Data directory: {DataDirectory}. Its output:{Environment.NewLine}{output}");
        }
    }

    private Process StartPostgres()
    {
        // fsync and full-page writes off: a crash of a test machine loses a test database, nothing more.
        var (fileName, arguments) = _install.AsServerUser(_install.Binary("postgres"),
        [
            "-D", DataDirectory, "-k", SocketDirectory, "-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        ]);
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _root };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Null once a connection answers a query; otherwise why not.</summary>
    private async Task<string?> WaitUntilReadyAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process is null || _process.HasExited)
                return $"postgres exited with code {_process?.ExitCode}";
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false;Timeout=2");
                await connection.OpenAsync(ct);
                return null;
            }
            catch (NpgsqlException)
            {
                // Not listening yet, or "the database system is starting up".
            }
            await Task.Delay(50, ct);
        }
        return $"no connection on {Host}:{Port} within {StartTimeout.TotalSeconds:0} s";
    }

    /// <summary>A fast shutdown (pg_ctl stop -m fast: sessions are ended), SIGKILL when that does not end it.</summary>
    private async Task StopAsync()
    {
        if (_process is null)
            return;
        try
        {
            if (!_process.HasExited)
                await PgCtlStopAsync(_install, DataDirectory, "fast", _root);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            _process.Dispose();
            _process = null;
        }
    }

    private static async Task PgCtlStopAsync(PostgresInstall install, string dataDirectory, string mode, string workingDirectory)
    {
        var (fileName, arguments) = install.AsServerUser(install.Binary("pg_ctl"), ["stop", "-D", dataDirectory, "-m", mode, "-w", "-t", "10"]);
        try
        {
            await Command.RunAsync(fileName, arguments, workingDirectory, TimeSpan.FromSeconds(15), CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // The caller kills the process.
        }
    }

    // Fixtures of parallel test classes start together: one cleaner at a time, as StaleInstances does for Dovecot.
    private static readonly SemaphoreSlim CleanGate = new(1, 1);

    /// <summary>Stops and removes servers whose test process died without disposing them: a postmaster outlives its parent.</summary>
    private static async Task CleanStaleAsync(PostgresInstall install, CancellationToken ct)
    {
        await CleanGate.WaitAsync(ct);
        try
        {
            foreach (var root in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*").ToList())
            {
                if (await OwnerAsync(root, ct) is not { } owner || Directory.Exists($"/proc/{owner}"))
                    continue; // still starting (no owner yet), being removed, or its owner lives
                if (File.Exists(Path.Combine(root, "data", "postmaster.pid")))
                    await PgCtlStopAsync(install, Path.Combine(root, "data"), "immediate", root);
                StaleInstances.TryDelete(root);
            }
        }
        finally
        {
            CleanGate.Release();
        }
    }

    private static async Task<int?> OwnerAsync(string root, CancellationToken ct)
    {
        try
        {
            var file = Path.Combine(root, OwnerFile);
            return File.Exists(file) && int.TryParse(await File.ReadAllTextAsync(file, ct), out var owner) ? owner : null;
        }
        catch (IOException)
        {
            return null; // another test run is removing it
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        // A fast shutdown ends the sessions that tests' connection pools still hold.
        await StopAsync();
        StaleInstances.TryDelete(_root);
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
