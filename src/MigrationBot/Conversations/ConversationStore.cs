using System.Data.Common;
using Microsoft.Extensions.Options;
using MigrationBot.Storage;
using MigrationBot.Engine.Storage;

namespace MigrationBot.Conversations;

/// <summary>
/// Conversation references in the application database (SQLite, or PostgreSQL shared by every replica, so any
/// replica can post to a conversation another one was told of), one row per conversation id; repeats are harmless upserts.
/// </summary>
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

    private static readonly IReadOnlyList<SchemaMigration> PostgresMigrations =
    [
        new(1, """
            CREATE TABLE IF NOT EXISTS conversation_references (
              conversation_id text PRIMARY KEY NOT NULL,
              service_url text NOT NULL,
              channel_id text NOT NULL,
              tenant_id text NULL,
              conversation_type text NULL,
              bot_id text NULL,
              bot_name text NULL,
              user_id text NULL,
              user_aad_object_id text NULL,
              user_name text NULL,
              team_id text NULL,
              teams_channel_id text NULL,
              updated_at bigint NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_conversation_references_user ON conversation_references (user_aad_object_id, user_id);
            """),
    ];

    private readonly AppDatabase _database = new(options, "conversations", Schema, PostgresMigrations);

    public async Task UpsertAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO conversation_references ({Columns})
            VALUES (@id, @url, @channel, @tenant, @type, @bot, @botName, @user, @aad, @userName, @team, @teamsChannel, @updated)
            ON CONFLICT(conversation_id) DO UPDATE SET
              service_url = excluded.service_url, channel_id = excluded.channel_id,
              tenant_id = coalesce(excluded.tenant_id, conversation_references.tenant_id),
              conversation_type = coalesce(excluded.conversation_type, conversation_references.conversation_type),
              bot_id = coalesce(excluded.bot_id, conversation_references.bot_id), bot_name = coalesce(excluded.bot_name, conversation_references.bot_name),
              user_id = coalesce(excluded.user_id, conversation_references.user_id),
              user_aad_object_id = coalesce(excluded.user_aad_object_id, conversation_references.user_aad_object_id),
              user_name = coalesce(excluded.user_name, conversation_references.user_name), team_id = coalesce(excluded.team_id, conversation_references.team_id),
              teams_channel_id = coalesce(excluded.teams_channel_id, conversation_references.teams_channel_id), updated_at = excluded.updated_at
            """;
        command.With("id", reference.ConversationId).With("url", reference.ServiceUrl).With("channel", reference.ChannelId)
            .With("tenant", reference.TenantId).With("type", reference.ConversationType).With("bot", reference.BotId).With("botName", reference.BotName)
            .With("user", reference.UserId).With("aad", reference.UserAadObjectId).With("userName", reference.UserName)
            .With("team", reference.TeamId).With("teamsChannel", reference.TeamsChannelId).With("updated", reference.UpdatedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ConversationReference?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("WHERE conversation_id = @key", conversationId, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The personal (1:1) chat of a user, by Teams user id or Entra object id; newest first.</summary>
    public async Task<ConversationReference?> FindPersonalAsync(string userIdOrAadObjectId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(
            "WHERE conversation_type = 'personal' AND (user_id = @key OR user_aad_object_id = @key) ORDER BY updated_at DESC",
            userIdOrAadObjectId, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<ConversationReference>> ListAsync(CancellationToken cancellationToken) =>
        await QueryAsync("ORDER BY updated_at DESC", key: null, cancellationToken);

    public async Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM conversation_references WHERE conversation_id = @id";
        command.With("id", conversationId);
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

    public void Dispose() => _database.Dispose();

    private async Task<List<ConversationReference>> QueryAsync(string clause, string? key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM conversation_references {clause}";
        if (key is not null)
        {
            command.With("key", key);
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

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync(cancellationToken);
}
