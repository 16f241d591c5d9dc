using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MigrationBot.Storage;

namespace MigrationBot.Conversations;

/// <summary>Conversation references in SQLite, one row per conversation id; repeats are harmless upserts.</summary>
public sealed class ConversationStore(IOptions<StoreOptions> options) : IDisposable
{
    private const string Columns =
        "conversation_id, service_url, channel_id, tenant_id, conversation_type, bot_id, bot_name, user_id, user_aad_object_id, user_name, team_id, teams_channel_id, updated_at";

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS conversation_references (
          conversation_id TEXT PRIMARY KEY NOT NULL,
          service_url TEXT NOT NULL,
          channel_id TEXT NOT NULL,
          tenant_id TEXT NULL,
          conversation_type TEXT NULL,
          bot_id TEXT NULL,
          bot_name TEXT NULL,
          user_id TEXT NULL,
          user_aad_object_id TEXT NULL,
          user_name TEXT NULL,
          team_id TEXT NULL,
          teams_channel_id TEXT NULL,
          updated_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_conversation_references_user ON conversation_references (user_aad_object_id, user_id);
        """;

    private readonly SqliteFile _file = new(options.Value.SqlitePath ?? throw new InvalidOperationException("Store:SqlitePath is not set."), Schema);

    public async Task UpsertAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO conversation_references ({Columns})
            VALUES ($id, $url, $channel, $tenant, $type, $bot, $botName, $user, $aad, $userName, $team, $teamsChannel, $updated)
            ON CONFLICT(conversation_id) DO UPDATE SET
              service_url = excluded.service_url, channel_id = excluded.channel_id,
              tenant_id = coalesce(excluded.tenant_id, tenant_id), conversation_type = coalesce(excluded.conversation_type, conversation_type),
              bot_id = coalesce(excluded.bot_id, bot_id), bot_name = coalesce(excluded.bot_name, bot_name),
              user_id = coalesce(excluded.user_id, user_id), user_aad_object_id = coalesce(excluded.user_aad_object_id, user_aad_object_id),
              user_name = coalesce(excluded.user_name, user_name), team_id = coalesce(excluded.team_id, team_id),
              teams_channel_id = coalesce(excluded.teams_channel_id, teams_channel_id), updated_at = excluded.updated_at
            """;
        var p = command.Parameters;
        p.AddWithValue("$id", reference.ConversationId);
        p.AddWithValue("$url", reference.ServiceUrl);
        p.AddWithValue("$channel", reference.ChannelId);
        p.AddWithValue("$tenant", (object?)reference.TenantId ?? DBNull.Value);
        p.AddWithValue("$type", (object?)reference.ConversationType ?? DBNull.Value);
        p.AddWithValue("$bot", (object?)reference.BotId ?? DBNull.Value);
        p.AddWithValue("$botName", (object?)reference.BotName ?? DBNull.Value);
        p.AddWithValue("$user", (object?)reference.UserId ?? DBNull.Value);
        p.AddWithValue("$aad", (object?)reference.UserAadObjectId ?? DBNull.Value);
        p.AddWithValue("$userName", (object?)reference.UserName ?? DBNull.Value);
        p.AddWithValue("$team", (object?)reference.TeamId ?? DBNull.Value);
        p.AddWithValue("$teamsChannel", (object?)reference.TeamsChannelId ?? DBNull.Value);
        p.AddWithValue("$updated", reference.UpdatedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ConversationReference?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("WHERE conversation_id = $key", conversationId, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The personal (1:1) chat of a user, by Teams user id or Entra object id; newest first.</summary>
    public async Task<ConversationReference?> FindPersonalAsync(string userIdOrAadObjectId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(
            "WHERE conversation_type = 'personal' AND (user_id = $key OR user_aad_object_id = $key) ORDER BY updated_at DESC",
            userIdOrAadObjectId, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<ConversationReference>> ListAsync(CancellationToken cancellationToken) =>
        await QueryAsync("ORDER BY updated_at DESC", key: null, cancellationToken);

    public async Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM conversation_references WHERE conversation_id = $id";
        command.Parameters.AddWithValue("$id", conversationId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>For readiness: the database opens and answers.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM conversation_references";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public void Dispose() => _file.Dispose();

    private async Task<List<ConversationReference>> QueryAsync(string clause, string? key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM conversation_references {clause}";
        if (key is not null)
        {
            command.Parameters.AddWithValue("$key", key);
        }

        var list = new List<ConversationReference>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            list.Add(new ConversationReference(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), S(3), S(4), S(5), S(6), S(7), S(8), S(9), S(10), S(11),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12))));
        }

        return list;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);
}
