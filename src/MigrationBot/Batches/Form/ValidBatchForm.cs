using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Secrets;

namespace MigrationBot.Batches.Form;

/// <summary>A form that checked out: the batch's settings and users, passwords still in clear (to be encrypted at once).</summary>
public sealed record ValidBatchForm(BatchSettings Settings, IReadOnlyList<FormUser> Users, Secret? AdminPassword)
{
    /// <summary>"3 users, 3 passwords (hidden)": what the bot says back instead of the CSV.</summary>
    public string Summary
    {
        get
        {
            var users = Users.Count == 1 ? "1 user" : $"{Users.Count} users";
            var passwords = Users.Count(u => u.Password is not null);
            return passwords == 0
                ? $"{users}, logged in by the admin {Settings.AdminUser}"
                : $"{users}, {passwords} password{(passwords == 1 ? "" : "s")} (hidden)";
        }
    }
}

/// <summary>One user of a valid form: a CSV row.</summary>
public sealed record FormUser(string EmailAddress, string UserName, string? UserRoot, Secret? Password);
