using System.Globalization;
using System.Data.Common;
using Microsoft.Extensions.Options;
using MigrationBot.Conversations;
using MigrationBot.Storage;
using MigrationBot.Engine.Storage;

namespace MigrationBot.Notices.Delivery;

/// <summary>
/// Every notice delivery, one row per batch, user and notice, in the application database: a notice recorded as sent is
/// never sent again, also after a restart; a failed one keeps its reason until a later attempt succeeds.
/// </summary>
public sealed class NoticeDeliveryStore(IOptions<StoreOptions> options, TimeProvider time) : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS notice_deliveries (
          batch_id      TEXT    NOT NULL,
          email_address TEXT    NOT NULL,
          kind          TEXT    NOT NULL,
          sent          INTEGER NOT NULL,
          channel       TEXT    NOT NULL,
          at            INTEGER NOT NULL,
          reason        TEXT,
          PRIMARY KEY (batch_id, email_address, kind));
        """;

    // The same columns; bigint where SQLite's INTEGER holds 64 bits, and byte order for addresses, as SQLite sorts them.
    private static readonly IReadOnlyList<SchemaMigration> PostgresMigrations =
    [
        new(1, """
            CREATE TABLE IF NOT EXISTS notice_deliveries (
              batch_id      text   NOT NULL,
              email_address text   COLLATE "C" NOT NULL,
              kind          text   NOT NULL,
              sent          bigint NOT NULL,
              channel       text   NOT NULL,
              at            bigint NOT NULL,
              reason        text,
              PRIMARY KEY (batch_id, email_address, kind));
            """),
    ];

    private readonly AppDatabase _database = new(options, "notice-deliveries", Schema, PostgresMigrations);

    public async Task<bool> WasSentAsync(Guid batchId, string emailAddress, NoticeKind kind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sent FROM notice_deliveries WHERE batch_id = @batch AND email_address = @email AND kind = @kind";
        Bind(command, batchId, emailAddress, kind);
        return await command.ExecuteScalarAsync(cancellationToken) is long sent && sent != 0;
    }

    /// <summary>Records an attempt; a sent notice stays sent whatever is recorded after it.</summary>
    public async Task RecordAsync(Guid batchId, string emailAddress, NoticeKind kind, bool sent, NoticeChannel channel, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO notice_deliveries (batch_id, email_address, kind, sent, channel, at, reason) VALUES (@batch, @email, @kind, @sent, @channel, @at, @reason)
            ON CONFLICT (batch_id, email_address, kind) DO UPDATE SET sent = excluded.sent, channel = excluded.channel, at = excluded.at, reason = excluded.reason
            WHERE notice_deliveries.sent = 0
            """;
        Bind(command, batchId, emailAddress, kind);
        command.With("sent", sent ? 1L : 0L).With("channel", channel.ToString()).With("at", time.GetUtcNow().ToUnixTimeMilliseconds()).With("reason", reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<NoticeDelivery>> ListAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT email_address, kind, sent, channel, at, reason FROM notice_deliveries WHERE batch_id = @batch ORDER BY email_address, at";
        command.With("batch", batchId.ToString("D", CultureInfo.InvariantCulture));
        var rows = new List<NoticeDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new NoticeDelivery(batchId, reader.GetString(0), Enum.Parse<NoticeKind>(reader.GetString(1)), reader.GetInt64(2) != 0,
                Enum.Parse<NoticeChannel>(reader.GetString(3)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return rows;
    }

    public void Dispose() => _database.Dispose();

    private static void Bind(DbCommand command, Guid batchId, string emailAddress, NoticeKind kind) =>
        command.With("batch", batchId.ToString("D", CultureInfo.InvariantCulture)).With("email", emailAddress.ToLowerInvariant()).With("kind", kind.ToString());

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync(cancellationToken);
}
