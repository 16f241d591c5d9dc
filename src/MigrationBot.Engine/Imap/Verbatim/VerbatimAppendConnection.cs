using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace MigrationBot.Engine.Imap.Verbatim;

/// <summary>
/// A target connection that does nothing but APPEND, writing each message's bytes exactly as given. MailKit's APPEND
/// writes a <c>MimeMessage</c>, which always has a header block and the empty line after it; a message that has
/// none (an mbox <c>From </c> line first, a byte-order mark, junk, 0 or 1 byte) cannot pass through it unchanged,
/// so those travel here. It logs in as the main connection does, and refuses where that login would be unsafe.
/// </summary>
internal sealed class VerbatimAppendConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;

    /// <summary>
    /// Where commands and messages are written: a 64 KB buffer sent at each flush or when full, so a command line,
    /// its message's 16 KB blocks and the closing CRLF go out in a few large sends rather than one send (and one TLS
    /// record) each. Every command is flushed before its answer is awaited. Reads go to <see cref="_stream"/> directly.
    /// </summary>
    private readonly BufferedStream _output;
    private readonly ImapResponseReader _reader;
    private readonly HashSet<string> _capabilities = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeSpan _idleTimeout;
    private int _tag;

    /// <param name="idleTimeout">How long the server may neither read nor answer before the connection is given up (the endpoint's read timeout).</param>
    private VerbatimAppendConnection(TcpClient tcp, Stream stream, TimeSpan idleTimeout)
    {
        _tcp = tcp;
        _stream = stream;
        _output = new BufferedStream(stream, 64 * 1024);
        _idleTimeout = idleTimeout;
        _reader = new ImapResponseReader(stream);
    }

    /// <summary>Connects, secures and logs in; failures are <see cref="ImapFailure"/>s as for any session.</summary>
    public static async Task<VerbatimAppendConnection> OpenAsync(ImapEndpoint endpoint, ImapLogin login, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        VerbatimAppendConnection? connection = null;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(endpoint.ReadTimeout);
        try
        {
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, idle.Token);
            Stream stream = tcp.GetStream();
            if (endpoint.Security == ImapSecurity.Ssl)
                stream = await SecureAsync(stream, endpoint, idle.Token);
            connection = new VerbatimAppendConnection(tcp, stream, endpoint.ReadTimeout);
            await connection.ReadGreetingAsync(idle.Token);
            if (endpoint.Security == ImapSecurity.Tls)
                connection = await connection.StartTlsAsync(endpoint, idle.Token);
            await connection.RunAsync("CAPABILITY", "CAPABILITY", idle.Token);
            await connection.LoginAsync(login, idle.Token);
            return connection;
        }
        catch (SocketException ex)
        {
            await DisposeAsync(connection, tcp);
            throw new ImapFailure(ImapFailureKind.Transient, $"cannot connect to {endpoint}: {ex.Message}", ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeAsync(connection, tcp);
            throw new ImapFailure(ImapFailureKind.Transient, $"{endpoint} did not answer within {endpoint.ReadTimeout.TotalSeconds:0} s while connecting and logging in");
        }
        catch
        {
            await DisposeAsync(connection, tcp);
            throw;
        }
    }

    /// <summary>APPENDs the bytes of <paramref name="content"/> to <paramref name="folder"/>; returns the APPENDUID.</summary>
    public async Task<uint?> AppendAsync(
        string folder, MessageFlags flags, IEnumerable<string> keywords, DateTimeOffset internalDate, Stream content, CancellationToken cancellationToken)
    {
        var literalPlus = _capabilities.Contains("LITERAL+");
        var head = string.Create(CultureInfo.InvariantCulture,
            $"APPEND {Quote(ModifiedUtf7.Encode(folder))}{Message(flags, keywords, internalDate, content.Length, literalPlus)}");
        var tag = NextTag();
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            idle.CancelAfter(_idleTimeout);
            await WriteAsync($"{tag} {head}\r\n", idle.Token);
            if (!literalPlus && await ReadUntilAsync(tag, continuation: true, idle.Token) is { } early)
            {
                // Completed before the literal was sent: a refusal (TRYCREATE, too big), or a server that misread us.
                early.EnsureOk("APPEND");
                throw new ImapProtocolException("the server completed APPEND before it received the message");
            }

            idle.CancelAfter(_idleTimeout);
            content.Position = 0;
            await content.CopyToAsync(_output, idle.Token);
            await WriteAsync("\r\n", idle.Token);
            idle.CancelAfter(_idleTimeout);
            var done = (await ReadUntilAsync(tag, continuation: false, idle.Token))!.EnsureOk("APPEND");
            return AppendUid(done.Code);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Silent();
        }
    }

    /// <summary>Whether the server takes many messages in one APPEND (MULTIAPPEND, RFC 3502).</summary>
    public bool CanMultiAppend => _capabilities.Contains("MULTIAPPEND");

    /// <summary>
    /// APPENDs all <paramref name="items"/> in one command (MULTIAPPEND, RFC 3502): all are stored or none. Returns
    /// their UIDs in order (APPENDUID, RFC 4315); a refusal throws MailKit's <see cref="ImapCommandException"/>.
    /// With LITERAL+ the whole command goes out at once; without it each literal waits for the server's go-ahead.
    /// Like a pipelined batch, once begun it is finished whatever the caller's token says (see <see cref="AppendPipelinedAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<uint>> MultiAppendAsync(string folder, IReadOnlyList<AppendItem> items, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var idle = new CancellationTokenSource(_idleTimeout);
        try
        {
            return await MultiAppendAsync(folder, items, idle);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested)
        {
            throw Silent();
        }
    }

    private async Task<IReadOnlyList<uint>> MultiAppendAsync(string folder, IReadOnlyList<AppendItem> items, CancellationTokenSource idle)
    {
        var literalPlus = CanPipeline;
        var tag = NextTag();
        var head = new StringBuilder().Append(tag).Append(" APPEND ").Append(Quote(ModifiedUtf7.Encode(folder)));
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            head.Append(Message(item.Flags, item.Keywords, item.InternalDate, item.Content.Length, literalPlus)).Append("\r\n");
            idle.CancelAfter(_idleTimeout);
            await _output.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), idle.Token);
            head.Clear();
            if (!literalPlus)
            {
                await _output.FlushAsync(idle.Token);
                if (await ReadUntilAsync(tag, continuation: true, idle.Token) is { } early)
                {
                    early.EnsureOk("APPEND");
                    throw new ImapProtocolException("the server completed APPEND before it received every message");
                }
            }

            item.Content.Position = 0;
            await item.Content.CopyToAsync(_output, idle.Token);
        }

        await _output.WriteAsync("\r\n"u8.ToArray(), idle.Token);
        await _output.FlushAsync(idle.Token);
        var done = (await ReadUntilAsync(tag, continuation: false, idle.Token))!.EnsureOk("APPEND");
        return AppendUids(done.Code);
    }

    /// <summary>Whether APPENDs can be pipelined: LITERAL+ (RFC 7888) lets a client send a literal without waiting.</summary>
    public bool CanPipeline => _capabilities.Contains("LITERAL+");

    /// <summary>
    /// APPENDs several messages without waiting for each answer (LITERAL+): every command and its bytes go out at
    /// once while the answers are read as they come, so a distant server costs one round trip per batch, not per
    /// message. <paramref name="outcomes"/> is filled as answers arrive (an APPENDUID, or the refusal), so when the
    /// connection fails part-way the caller still knows which messages the server took.
    /// </summary>
    public async Task AppendPipelinedAsync(string folder, IReadOnlyList<AppendItem> items, AppendOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        if (!CanPipeline)
        {
            for (var i = 0; i < items.Count; i++)
            {
                try
                {
                    outcomes[i] = new AppendOutcome(await AppendAsync(folder, items[i].Flags, items[i].Keywords, items[i].InternalDate, items[i].Content, cancellationToken), null);
                }
                catch (ImapCommandException refused)
                {
                    outcomes[i] = new AppendOutcome(null, refused);
                }
            }

            return;
        }

        var mailbox = Quote(ModifiedUtf7.Encode(folder));
        var tags = new Dictionary<string, int>(StringComparer.Ordinal);
        var commands = new List<(string Tag, string Head, Stream Content)>(items.Count);
        foreach (var item in items)
        {
            var tag = NextTag();
            tags[tag] = commands.Count;
            commands.Add((tag, $"{tag} APPEND {mailbox}{Message(item.Flags, item.Keywords, item.InternalDate, item.Content.Length, literalPlus: true)}\r\n", item.Content));
        }

        // Once begun, a batch is finished whatever the caller's token says: a server goes on storing the APPENDs it
        // has received after the client hangs up, so a batch cut off would leave messages whose fate a recovery
        // that runs at once could misjudge. Only a silent server (nothing read or answered for the read timeout) ends it early.
        cancellationToken.ThrowIfCancellationRequested();
        using var idle = new CancellationTokenSource(_idleTimeout);
        try
        {
            await PipelineAsync(commands, tags, outcomes, idle);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested)
        {
            throw Silent();
        }
    }

    private async Task PipelineAsync(
        List<(string Tag, string Head, Stream Content)> commands, Dictionary<string, int> tags, AppendOutcome?[] outcomes, CancellationTokenSource idle)
    {
        // Answers are read while the commands are still being written, so neither side's buffers can fill up and stall.
        var reading = ReadAnswersAsync(tags, outcomes, idle);
        try
        {
            foreach (var (_, head, content) in commands)
            {
                idle.CancelAfter(_idleTimeout);
                await _output.WriteAsync(Encoding.UTF8.GetBytes(head), idle.Token);
                content.Position = 0;
                await content.CopyToAsync(_output, idle.Token);
                await _output.WriteAsync("\r\n"u8.ToArray(), idle.Token);
            }

            await _output.FlushAsync(idle.Token);
        }
        catch
        {
            // The connection is unusable after a half-written command: closing it ends the reader too. Whatever was
            // answered before is in the outcomes.
            await _stream.DisposeAsync();
            await Task.WhenAny(reading);
            throw;
        }

        await reading;
    }

    /// <summary>A server that stopped reading or answering: the connection is lost (and opened again), like a cut one.</summary>
    private TimeoutException Silent() =>
        new($"the target neither read nor answered for {_idleTimeout.TotalSeconds:0} s: the connection is given up");

    private async Task ReadAnswersAsync(Dictionary<string, int> tags, AppendOutcome?[] outcomes, CancellationTokenSource idle)
    {
        var left = tags.Count;
        while (left > 0)
        {
            var line = await _reader.ReadResponseAsync(idle.Token);
            idle.CancelAfter(_idleTimeout);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && tags.TryGetValue(line[..space], out var index))
            {
                var done = ImapTaggedResponse.Parse(line[(space + 1)..]);
                try
                {
                    outcomes[index] = new AppendOutcome(AppendUid(done.EnsureOk("APPEND").Code), null);
                }
                catch (ImapCommandException refused)
                {
                    outcomes[index] = new AppendOutcome(null, refused);
                }

                left--;
                continue;
            }

            if (line.StartsWith("* BYE", StringComparison.OrdinalIgnoreCase))
                throw new ImapProtocolException($"the server closed the connection: {line[5..].Trim()}");
            if (line.StartsWith('+'))
                throw new ImapProtocolException("the server asked for a literal that LITERAL+ does not wait for");
        }
    }

    private async Task ReadGreetingAsync(CancellationToken cancellationToken)
    {
        var greeting = await _reader.ReadResponseAsync(cancellationToken);
        if (greeting.StartsWith("* BYE", StringComparison.OrdinalIgnoreCase))
            throw new ImapProtocolException($"the server refused the connection: {greeting[5..].Trim()}");
        if (!greeting.StartsWith("* OK", StringComparison.OrdinalIgnoreCase) && !greeting.StartsWith("* PREAUTH", StringComparison.OrdinalIgnoreCase))
            throw new ImapProtocolException("the server did not greet as an IMAP server");
    }

    private async Task<VerbatimAppendConnection> StartTlsAsync(ImapEndpoint endpoint, CancellationToken cancellationToken)
    {
        await RunAsync("STARTTLS", "STARTTLS", cancellationToken);
        var secured = new VerbatimAppendConnection(_tcp, await SecureAsync(_stream, endpoint, cancellationToken), _idleTimeout) { _tag = _tag };
        return secured;
    }

    private async Task LoginAsync(ImapLogin login, CancellationToken cancellationToken)
    {
        switch (login)
        {
            case OAuth2Login oauth:
                var token = await oauth.Tokens.GetTokenAsync(oauth.UserName, cancellationToken);
                await AuthenticateAsync("XOAUTH2", $"user={oauth.UserName}\u0001auth=Bearer {token.Reveal()}\u0001\u0001", cancellationToken);
                break;
            case PasswordLogin { AuthorizationId: { } authzId } admin:
                // Without SASL PLAIN there is no way to log in for another user; a plain LOGIN would land in the
                // administrator's own mailbox, so refuse (ImapSession refuses the same way).
                if (!_capabilities.Contains("AUTH=PLAIN"))
                    throw new ImapFailure(ImapFailureKind.Authentication, $"the target offers no AUTH=PLAIN, which an administrator login for {authzId} needs");
                await AuthenticateAsync("PLAIN", $"{authzId}\0{admin.UserName}\0{admin.Password.Reveal()}", cancellationToken);
                break;
            case PasswordLogin password when _capabilities.Contains("AUTH=PLAIN"):
                await AuthenticateAsync("PLAIN", $"\0{password.UserName}\0{password.Password.Reveal()}", cancellationToken);
                break;
            case PasswordLogin password:
                await RunAsync($"LOGIN {Quote(password.UserName)} {Quote(password.Password.Reveal())}", "LOGIN", cancellationToken, secret: true);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(login), login.GetType().Name, "unknown login kind");
        }
    }

    private async Task AuthenticateAsync(string mechanism, string response, CancellationToken cancellationToken)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(response));
        var tag = NextTag();
        var initial = _capabilities.Contains("SASL-IR");
        await WriteAsync(initial ? $"{tag} AUTHENTICATE {mechanism} {encoded}\r\n" : $"{tag} AUTHENTICATE {mechanism}\r\n", cancellationToken);
        // A continuation asks for the response (no SASL-IR), or carries an error the client must acknowledge
        // with an empty line before the server completes the command (XOAUTH2).
        var done = await ReadUntilAsync(tag, continuation: true, cancellationToken);
        if (done is null)
        {
            await WriteAsync(initial ? "\r\n" : encoded + "\r\n", cancellationToken);
            done = await ReadUntilAsync(tag, continuation: true, cancellationToken);
            if (done is null)
            {
                await WriteAsync("\r\n", cancellationToken);
                done = await ReadUntilAsync(tag, continuation: false, cancellationToken);
            }
        }

        if (done!.Status != ImapCommandResponse.Ok)
            throw new AuthenticationException($"the server refused AUTHENTICATE {mechanism}: {done.Text}");
        Capture(done.Code);
        if (done.Code is null || !done.Code.StartsWith("CAPABILITY", StringComparison.OrdinalIgnoreCase))
            await RunAsync("CAPABILITY", "CAPABILITY", cancellationToken);
    }

    private async Task RunAsync(string command, string name, CancellationToken cancellationToken, bool secret = false)
    {
        var tag = NextTag();
        await WriteAsync($"{tag} {command}\r\n", cancellationToken);
        var done = (await ReadUntilAsync(tag, continuation: false, cancellationToken))!;
        if (secret && done.Status != ImapCommandResponse.Ok)
            throw new AuthenticationException($"the server refused {name}: {done.Text}");
        done.EnsureOk(name);
        Capture(done.Code);
    }

    /// <summary>
    /// Reads responses until the command tagged <paramref name="tag"/> completes (returned) or, when
    /// <paramref name="continuation"/> is set, the server asks for more (null). A BYE ends the connection.
    /// </summary>
    private async Task<ImapTaggedResponse?> ReadUntilAsync(string tag, bool continuation, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _reader.ReadResponseAsync(cancellationToken);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
                return ImapTaggedResponse.Parse(line[(tag.Length + 1)..]);
            if (line.StartsWith('+'))
            {
                if (continuation)
                    return null;
                throw new ImapProtocolException("the server asked for data the command did not announce");
            }

            if (line.StartsWith("* BYE", StringComparison.OrdinalIgnoreCase))
                throw new ImapProtocolException($"the server closed the connection: {line[5..].Trim()}");
            if (line.StartsWith("* CAPABILITY ", StringComparison.OrdinalIgnoreCase))
                Capture(line[2..]);
            // Any other untagged response (EXISTS, RECENT, OK notices) is not ours to act on.
        }
    }

    private void Capture(string? code)
    {
        if (code is null || !code.StartsWith("CAPABILITY ", StringComparison.OrdinalIgnoreCase))
            return;
        _capabilities.Clear();
        foreach (var capability in code["CAPABILITY ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            _capabilities.Add(capability);
    }

    private string NextTag() => string.Create(CultureInfo.InvariantCulture, $"V{++_tag:D4}");

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _output.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await _output.FlushAsync(cancellationToken);
    }

    private static async Task<Stream> SecureAsync(Stream stream, ImapEndpoint endpoint, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false, endpoint.AllowInvalidCertificate ? (_, _, _, _) => true : null);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endpoint.Host }, cancellationToken);
        return ssl;
    }

    /// <summary>
    /// One message's part of an APPEND (RFC 3501 §6.3.11, RFC 3502): <c> (flags) "date-time" {length}</c>, the
    /// literal non-synchronising (<c>{length+}</c>, RFC 7888) when the server offers LITERAL+.
    /// </summary>
    private static string Message(MessageFlags flags, IEnumerable<string> keywords, DateTimeOffset internalDate, long length, bool literalPlus) =>
        string.Create(CultureInfo.InvariantCulture, $" ({FlagList(flags, keywords)}) \"{InternalDate(internalDate)}\" {{{length}{(literalPlus ? "+" : "")}}}");

    /// <summary>An IMAP quoted string (RFC 3501 §4.3): backslash and double quote escaped.</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string FlagList(MessageFlags flags, IEnumerable<string> keywords)
    {
        var names = new List<string>();
        if (flags.HasFlag(MessageFlags.Seen)) names.Add("\\Seen");
        if (flags.HasFlag(MessageFlags.Answered)) names.Add("\\Answered");
        if (flags.HasFlag(MessageFlags.Flagged)) names.Add("\\Flagged");
        if (flags.HasFlag(MessageFlags.Deleted)) names.Add("\\Deleted");
        if (flags.HasFlag(MessageFlags.Draft)) names.Add("\\Draft");
        names.AddRange(keywords);
        return string.Join(' ', names);
    }

    /// <summary>date-time of RFC 3501 §9: "dd-Mon-yyyy hh:mm:ss +zzzz".</summary>
    private static string InternalDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        return string.Create(CultureInfo.InvariantCulture,
            $"{date:dd-MMM-yyyy HH:mm:ss} {sign}{Math.Abs(offset.Hours):D2}{Math.Abs(offset.Minutes):D2}");
    }

    /// <summary>The UIDs of <c>APPENDUID uidvalidity uid-set</c> (RFC 4315 §3), in the order the messages were sent; none when absent.</summary>
    private static IReadOnlyList<uint> AppendUids(string? code)
    {
        var parts = code?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 3 } || !parts[0].Equals("APPENDUID", StringComparison.OrdinalIgnoreCase))
            return [];
        var uids = new List<uint>();
        foreach (var range in parts[2].Split(','))
        {
            var ends = range.Split(':');
            if (!uint.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
                return [];
            var last = first;
            if (ends.Length == 2 && !uint.TryParse(ends[1], NumberStyles.None, CultureInfo.InvariantCulture, out last))
                return [];
            // A range may be written either way round (RFC 3501 sequence-set); APPENDUID's runs ascend.
            for (long uid = Math.Min(first, last); uid <= Math.Max(first, last); uid++)
                uids.Add((uint)uid);
        }

        return uids;
    }

    private static uint? AppendUid(string? code)
    {
        // APPENDUID uidvalidity uid (RFC 4315 §3).
        var parts = code?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: 3 } && parts[0].Equals("APPENDUID", StringComparison.OrdinalIgnoreCase) &&
               uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            ? uid
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await WriteAsync($"{NextTag()} LOGOUT\r\n", timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is being thrown away; a failed LOGOUT changes nothing.
        }

        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private static async Task DisposeAsync(VerbatimAppendConnection? connection, TcpClient tcp)
    {
        if (connection is not null)
            await connection.DisposeAsync();
        else
            tcp.Dispose();
    }
}
