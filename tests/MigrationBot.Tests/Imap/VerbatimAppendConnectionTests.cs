using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Imap.Verbatim;
using MigrationBot.Engine.Secrets;

namespace MigrationBot.Tests.Imap;

public sealed class VerbatimAppendConnectionTests
{
    private static readonly byte[] Awkward = [.. "From x@y Mon Jan  1 00:00:00 2024\r\n"u8, 0xEF, 0xBB, 0xBF, 0, 13, 10, (byte)'a', 10];

    private static ImapEndpoint Endpoint(ScriptedImapServer server) => new("127.0.0.1", server.Port, ImapSecurity.None);

    private static PasswordLogin Admin(string user) => new("admin", new Secret("admin-pw"), AuthorizationId: user);

    [Fact]
    public async Task Append_WithLiteralPlus_SendsExactlyTheMessagesBytesAndReturnsTheAppendUid()
    {
        await using var server = new ScriptedImapServer("IMAP4rev1 AUTH=PLAIN SASL-IR LITERAL+ UIDPLUS", c => c.StartsWith("APPEND", StringComparison.Ordinal) ? "OK [APPENDUID 7 42] done" : "OK done");
        await using var connection = await VerbatimAppendConnection.OpenAsync(Endpoint(server), Admin("alice@example.test"), CancellationToken.None);

        var uid = await connection.AppendAsync("Projects/Ünïcode & more", MessageFlags.Seen | MessageFlags.Flagged, ["$Label1"],
            new DateTimeOffset(2024, 3, 5, 7, 8, 9, TimeSpan.FromHours(-5)), new MemoryStream(Awkward), CancellationToken.None);

        Assert.Equal(42u, uid);
        Assert.Equal(Awkward, Assert.Single(server.Literals));
        var append = Assert.Single(server.Commands, c => c.StartsWith("APPEND", StringComparison.Ordinal));
        Assert.Equal($"APPEND \"Projects/&ANw-n&AO8-code &- more\" (\\Seen \\Flagged $Label1) \"05-Mar-2024 07:08:09 -0500\" {{{Awkward.Length}+}}", append);
    }

    [Fact]
    public async Task Append_WithoutLiteralPlus_WaitsForTheContinuationBeforeSendingTheBytes()
    {
        await using var server = new ScriptedImapServer("IMAP4rev1 AUTH=PLAIN UIDPLUS", c => c.StartsWith("APPEND", StringComparison.Ordinal) ? "OK [APPENDUID 7 3] done" : "OK done");
        await using var connection = await VerbatimAppendConnection.OpenAsync(Endpoint(server), Admin("alice@example.test"), CancellationToken.None);

        var uid = await connection.AppendAsync("INBOX", MessageFlags.None, [], DateTimeOffset.UnixEpoch, new MemoryStream(Awkward), CancellationToken.None);

        Assert.Equal(3u, uid);
        Assert.Equal(Awkward, Assert.Single(server.Literals));
    }

    [Fact]
    public async Task Append_TargetRefusesBeforeTheLiteral_ThrowsMailKitsCommandExceptionWithTheServersWords()
    {
        await using var server = new ScriptedImapServer("IMAP4rev1 AUTH=PLAIN UIDPLUS", c => c.StartsWith("APPEND", StringComparison.Ordinal) ? "NO [TOOBIG] Message too large" : "OK done", acknowledgeLiterals: false);
        await using var connection = await VerbatimAppendConnection.OpenAsync(Endpoint(server), Admin("alice@example.test"), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ImapCommandException>(() =>
            connection.AppendAsync("INBOX", MessageFlags.None, [], DateTimeOffset.UnixEpoch, new MemoryStream(Awkward), CancellationToken.None));

        Assert.Equal(ImapCommandResponse.No, refused.Response);
        Assert.Contains("Message too large", refused.ResponseText, StringComparison.Ordinal);
        Assert.Empty(server.Literals);
    }

    [Fact]
    public async Task Open_AdministratorLoginWithoutAuthPlain_IsRefusedRatherThanLoggingInAsTheAdministrator()
    {
        await using var server = new ScriptedImapServer("IMAP4rev1 UIDPLUS", _ => "OK done");

        var refused = await Assert.ThrowsAsync<ImapFailure>(() => VerbatimAppendConnection.OpenAsync(Endpoint(server), Admin("alice@example.test"), CancellationToken.None));

        Assert.Equal(ImapFailureKind.Authentication, refused.Kind);
        Assert.Contains("AUTH=PLAIN", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("LOGIN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("IMAP4rev1 AUTH=PLAIN SASL-IR LITERAL+ MULTIAPPEND UIDPLUS")]
    [InlineData("IMAP4rev1 AUTH=PLAIN MULTIAPPEND UIDPLUS")]
    public async Task MultiAppend_SendsEveryMessagesBytesInOneCommandAndReturnsTheUidsInOrder(string capabilities)
    {
        byte[] empty = [];
        byte[] one = [(byte)'x'];
        await using var server = new ScriptedImapServer(capabilities, c => c.StartsWith("APPEND", StringComparison.Ordinal) ? "OK [APPENDUID 7 41:42,44] done" : "OK done");
        await using var connection = await VerbatimAppendConnection.OpenAsync(Endpoint(server), Admin("alice@example.test"), CancellationToken.None);

        var uids = await connection.MultiAppendAsync("INBOX", [
            new AppendItem(MessageFlags.Seen, [], DateTimeOffset.UnixEpoch, new MemoryStream(Awkward)),
            new AppendItem(MessageFlags.None, [], DateTimeOffset.UnixEpoch, new MemoryStream(empty)),
            new AppendItem(MessageFlags.Draft, [], DateTimeOffset.UnixEpoch, new MemoryStream(one))], CancellationToken.None);

        Assert.Equal([41u, 42u, 44u], uids);
        Assert.Equal([Awkward, empty, one], server.Literals);
        Assert.Single(server.Commands, c => c.StartsWith("APPEND", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MultiAppend_Refused_ThrowsWithTheServersWords()
    {
        await using var server = new ScriptedImapServer("IMAP4rev1 AUTH=PLAIN LITERAL+ MULTIAPPEND UIDPLUS", c => c.StartsWith("APPEND", StringComparison.Ordinal) ? "NO [OVERQUOTA] Quota exceeded" : "OK done");
        await using var connection = await VerbatimAppendConnection.OpenAsync(Endpoint(server), Admin("alice@example.test"), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ImapCommandException>(() => connection.MultiAppendAsync("INBOX", [
            new AppendItem(MessageFlags.None, [], DateTimeOffset.UnixEpoch, new MemoryStream(Awkward)),
            new AppendItem(MessageFlags.None, [], DateTimeOffset.UnixEpoch, new MemoryStream(Awkward))], CancellationToken.None));

        Assert.Contains("[OVERQUOTA] Quota exceeded", refused.ResponseText, StringComparison.Ordinal);
    }
}
