using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Options;
using MigrationBot.Storage;
using MigrationBot.Engine.Storage;

namespace MigrationBot.Conversations;

/// <summary>
/// Who the bot has seen: a person's Entra object id (what configuration names) with their Teams user id (the MRI
/// that Universal Actions' <c>refresh.userIds</c> takes) and name, learnt from authenticated activities. One row per
/// person in the application database; a person seen again unchanged is not written again.
/// </summary>
public sealed class PeopleDirectory(IOptions<StoreOptions> options) : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS people (
          aad_object_id TEXT PRIMARY KEY NOT NULL,
          teams_id      TEXT NOT NULL,
          name          TEXT NULL,
          updated_at    INTEGER NOT NULL);
        """;

    private static readonly IReadOnlyList<SchemaMigration> PostgresMigrations =
    [
        new(1, """
            CREATE TABLE IF NOT EXISTS people (
              aad_object_id text PRIMARY KEY NOT NULL,
              teams_id      text NOT NULL,
              name          text NULL,
              updated_at    bigint NOT NULL);
            """),
    ];

    private readonly AppDatabase _database = new(options, "people", Schema, PostgresMigrations);
    private readonly ConcurrentDictionary<string, (string TeamsId, string? Name)> _seen = new(StringComparer.OrdinalIgnoreCase);

    public async Task RememberAsync(string aadObjectId, string teamsId, string? name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (_seen.TryGetValue(aadObjectId, out var known) && known == (teamsId, name))
            return;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO people (aad_object_id, teams_id, name, updated_at) VALUES (@aad, @teams, @name, @at)
            ON CONFLICT(aad_object_id) DO UPDATE SET teams_id = excluded.teams_id, name = coalesce(excluded.name, people.name), updated_at = excluded.updated_at
            """;
        command.With("aad", aadObjectId.ToLowerInvariant()).With("teams", teamsId).With("name", name).With("at", at.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
        _seen[aadObjectId] = (teamsId, name);
    }

    /// <summary>The Teams user ids of those of <paramref name="aadObjectIds"/> the bot has seen, in the same order.</summary>
    public async Task<IReadOnlyList<string>> TeamsIdsAsync(IEnumerable<string> aadObjectIds, CancellationToken cancellationToken)
    {
        var wanted = aadObjectIds.Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length > 0).Distinct().ToList();
        var found = new List<string>();
        if (wanted.Count == 0)
            return found;
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var aad in wanted)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT teams_id FROM people WHERE aad_object_id = @aad";
            command.With("aad", aad);
            if (await command.ExecuteScalarAsync(cancellationToken) is string teamsId)
                found.Add(teamsId);
        }

        return found;
    }

    /// <summary>Each of <paramref name="aadObjectIds"/> by the name the bot has seen for it, else by the id itself; in order, without repeats.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(IEnumerable<string> aadObjectIds, CancellationToken cancellationToken)
    {
        var wanted = aadObjectIds.Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length > 0).Distinct().ToList();
        var names = new List<string>();
        if (wanted.Count == 0)
            return names;
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var aad in wanted)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM people WHERE aad_object_id = @aad";
            command.With("aad", aad);
            names.Add(await command.ExecuteScalarAsync(cancellationToken) is string { Length: > 0 } name ? name : aad);
        }

        return names;
    }

    public void Dispose() => _database.Dispose();

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync(cancellationToken);
}
