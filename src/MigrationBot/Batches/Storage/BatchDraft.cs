namespace MigrationBot.Batches.Storage;

/// <summary>A validated batch form, ready to be stored. Passwords arrive already encrypted (Data Protection).</summary>
public sealed record BatchDraft(
    string Name,
    string CreatedBy,
    BatchSettings Settings,
    string? ConversationId,
    IReadOnlyList<DraftUser> Users,
    string? ProtectedAdminPassword);

/// <summary>One CSV row of a draft: its target address, source login and, per-user form, encrypted password.</summary>
public sealed record DraftUser(string EmailAddress, string UserName, string? UserRoot, string? ProtectedPassword);

/// <summary>The encrypted credentials a user's sync needs: the user's own and the batch's admin password.</summary>
public sealed record StoredSecrets(string? UserPassword, string? AdminPassword);
