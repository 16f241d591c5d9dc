using MigrationBot.Batches.Lifecycle;

namespace MigrationBot.Batches.Storage;

/// <summary>The users of a batch: their states, totals and encrypted credentials.</summary>
public sealed partial class PostgresBatchStore
{
    public async Task<bool> MoveUserAsync(Guid id, string emailAddress, UserState from, UserState to, string cause, string? reason, CancellationToken cancellationToken)
    {
        UserLifecycle.Table.Ensure(from, to);
        var now = _time.GetUtcNow();
        var address = emailAddress.ToLowerInvariant();
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var moved = await ExecuteAsync(connection, transaction, "UPDATE batch_users SET state = @to, reason = @reason WHERE batch_id = @id AND email_address = @email AND state = @from", cancellationToken,
            Value("id", id), Text("email", address), Text("from", from.ToString()), Text("to", to.ToString()), Text("reason", reason));
        if (moved == 0)
            return false;
        await RecordAsync(connection, transaction, id, address, from.ToString(), to.ToString(), cause, reason, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    // COLLATE "C": byte order, as SQLite's BINARY, whatever collation the database was created with.
    public async Task<IReadOnlyList<BatchUser>> UsersAsync(Guid id, CancellationToken cancellationToken) =>
        await ReadAsync(
            """
            SELECT email_address, state, reason, user_name, user_root, copied, bytes, skipped, failed, passes, last_sync_at, initial_done,
                   object_id, display_name, time_zone, locale, progress_at, stall_alerted_for, live_pass
            FROM batch_users WHERE batch_id = @id ORDER BY email_address COLLATE "C"
            """,
            r => new BatchUser(id, r.GetString(0), Enum.Parse<UserState>(r.GetString(1)), NullableString(r, 2), r.GetString(3), NullableString(r, 4),
                new UserTotals(r.GetInt32(5), r.GetInt64(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9), NullableTime(r, 10), r.GetBoolean(11)))
            {
                Profile = new UserProfile(NullableString(r, 12), NullableString(r, 13), NullableString(r, 14), NullableString(r, 15)),
                ProgressAt = NullableTime(r, 16),
                StallAlertedFor = NullableTime(r, 17),
                Live = LivePassJson.Read(NullableString(r, 18)),
            },
            cancellationToken, Value("id", id));

    public async Task RecordPassAsync(Guid id, string emailAddress, PassTotals pass, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, """
            UPDATE batch_users SET copied = copied + @copied, bytes = bytes + @bytes, skipped = @skipped, failed = @failed, passes = passes + 1,
                last_sync_at = @at, initial_done = initial_done OR @complete
            WHERE batch_id = @id AND email_address = @email
            """, cancellationToken,
            Value("id", id), Text("email", emailAddress.ToLowerInvariant()), Value("copied", pass.Copied), Value("bytes", pass.Bytes), Value("skipped", pass.Skipped),
            Value("failed", pass.Failed), Time("at", pass.FinishedAt), Value("complete", pass.Complete));
    }

    public async Task SetProgressAsync(Guid id, string emailAddress, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        // Only forward: a stamp read from this process's live passes never moves a newer one back.
        var sql = at is null
            ? "UPDATE batch_users SET progress_at = NULL, live_pass = NULL WHERE batch_id = @id AND email_address = @email"
            : "UPDATE batch_users SET progress_at = @at WHERE batch_id = @id AND email_address = @email AND (progress_at IS NULL OR progress_at < @at)";
        await ExecuteAsync(connection, null, sql, cancellationToken, Value("id", id), Text("email", emailAddress.ToLowerInvariant()), Time("at", at));
    }

    public async Task AdvanceProgressAsync(Guid id, string emailAddress, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, "UPDATE batch_users SET progress_at = @at WHERE batch_id = @id AND email_address = @email AND progress_at < @at", cancellationToken,
            Value("id", id), Text("email", emailAddress.ToLowerInvariant()), Time("at", at));
    }

    public async Task PublishLiveAsync(Guid id, string emailAddress, Progress.PublishedPass live, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, "UPDATE batch_users SET live_pass = @live WHERE batch_id = @id AND email_address = @email AND progress_at IS NOT NULL", cancellationToken,
            Value("id", id), Text("email", emailAddress.ToLowerInvariant()), Text("live", LivePassJson.Write(live)));
    }

    public async Task<bool> MarkStallAlertedAsync(Guid id, string emailAddress, DateTimeOffset progressAt, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        return await ExecuteAsync(connection, null, """
            UPDATE batch_users SET stall_alerted_for = @at
            WHERE batch_id = @id AND email_address = @email AND progress_at = @at AND (stall_alerted_for IS NULL OR stall_alerted_for <> @at)
            """, cancellationToken, Value("id", id), Text("email", emailAddress.ToLowerInvariant()), Time("at", progressAt)) > 0;
    }

    public async Task SetProfileAsync(Guid id, string emailAddress, UserProfile profile, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, "UPDATE batch_users SET object_id = @object, display_name = @name, time_zone = @zone, locale = @locale WHERE batch_id = @id AND email_address = @email",
            cancellationToken, Value("id", id), Text("email", emailAddress.ToLowerInvariant()), Text("object", profile.ObjectId), Text("name", profile.DisplayName),
            Text("zone", profile.TimeZone), Text("locale", profile.Locale));
    }

    public async Task<StoredSecrets> SecretsAsync(Guid id, string emailAddress, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(
            "SELECT u.secret, b.admin_secret FROM batch_users u JOIN batches b ON b.id = u.batch_id WHERE u.batch_id = @id AND u.email_address = @email",
            r => new StoredSecrets(NullableString(r, 0), NullableString(r, 1)), cancellationToken, Value("id", id), Text("email", emailAddress.ToLowerInvariant()));
        return rows.FirstOrDefault() ?? new StoredSecrets(null, null);
    }

    public async Task PurgeSecretsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "UPDATE batch_users SET secret = NULL WHERE batch_id = @id", cancellationToken, Value("id", id));
        await ExecuteAsync(connection, transaction, "UPDATE batches SET admin_secret = NULL WHERE id = @id", cancellationToken, Value("id", id));
        await transaction.CommitAsync(cancellationToken);
    }
}
