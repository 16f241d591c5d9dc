using System.CommandLine;
using Azure.Identity;
using MigrationBot.Engine.Csv;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Mailboxes;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Cli.Input;

/// <summary>Turns the CSV and the options into mailbox jobs, or an <see cref="InputException"/> listing every problem.</summary>
public static class JobBuilder
{
    public static async Task<IReadOnlyList<MailboxJob>> BuildAsync(CommonOptions options, ParseResult result, CancellationToken cancellationToken)
    {
        var csv = result.GetValue(options.Csv)!;
        if (!csv.Exists)
            throw new InputException($"the CSV file '{csv.FullName}' does not exist");
        MigrationCsvResult rows;
        try
        {
            await using var stream = csv.OpenRead();
            rows = await MigrationCsv.ReadAsync(stream, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read the CSV file '{csv.FullName}' ({ex.Message}); check --csv and the file's permissions", ex);
        }

        if (!rows.IsValid)
            throw new InputException($"{csv.Name} has {rows.Problems.Count} problem(s); nothing was started:\n" + string.Join('\n', rows.Problems.Select(p => "  " + p)));

        var mailboxes = rows.MailboxesToMigrate();
        if (result.GetValue(options.User) is { } only)
        {
            mailboxes = mailboxes.Where(m => m.EmailAddress.Equals(only, StringComparison.OrdinalIgnoreCase)).ToList();
            if (mailboxes.Count == 0)
                throw new InputException($"{only} is not in {csv.Name}");
        }

        var source = options.SourceEndpoint(result);
        var target = options.TargetEndpoint(result);
        var sourceLogin = SourceLogin(options, result);
        var targetLogin = TargetLogin(options, result);
        return mailboxes
            .Select(m => new MailboxJob(m.EmailAddress, source, sourceLogin(m), m.UserRoot, target, targetLogin(m)))
            .ToList();
    }

    private static Func<MailboxSpec, ImapLogin> SourceLogin(CommonOptions options, ParseResult result)
    {
        if (result.GetValue(options.SourceAuth) != SourceAuth.Xoauth2)
            return m => new PasswordLogin(m.UserName, m.Password);
        var tokens = AppOnlyTokens(
            "source", result.GetValue(options.SourceTenantId), "--source-tenant-id", result.GetValue(options.SourceClientId), "--source-client-id",
            result.GetValue(options.SourceClientSecretEnv), result.GetValue(options.SourceClientSecretFile));
        return m => new OAuth2Login(m.UserName, tokens);
    }

    private static CredentialAccessTokenSource AppOnlyTokens(
        string side, string? tenant, string tenantOption, string? client, string clientOption, string? secretEnv, string? secretFile)
    {
        if (tenant is null)
            throw new InputException($"{side} Xoauth2 needs {tenantOption}");
        if (client is null)
            throw new InputException($"{side} Xoauth2 needs {clientOption}");
        var secret = SecretReader.Read($"{side} client secret", secretEnv, secretFile);
        return new CredentialAccessTokenSource(new ClientSecretCredential(tenant, client, secret.Reveal()));
    }

    private static Func<MailboxSpec, ImapLogin> TargetLogin(CommonOptions options, ParseResult result)
    {
        switch (result.GetValue(options.TargetAuth))
        {
            case TargetAuth.Password:
                // The target mailbox is the CSV's EmailAddress, logging in with the row's Password.
                return m => new PasswordLogin(m.EmailAddress, m.Password);
            case TargetAuth.Master:
                var admin = result.GetValue(options.TargetAdmin) ?? throw new InputException("--target-auth Master needs --target-admin");
                var password = SecretReader.Read("target administrator's password", result.GetValue(options.TargetAdminPasswordEnv), result.GetValue(options.TargetAdminPasswordFile));
                return m => new PasswordLogin(admin, password, AuthorizationId: m.EmailAddress);
            default:
                var tokens = AppOnlyTokens(
                    "target", result.GetValue(options.TenantId), "--tenant-id", result.GetValue(options.ClientId), "--client-id",
                    result.GetValue(options.ClientSecretEnv), result.GetValue(options.ClientSecretFile));
                return m => new OAuth2Login(m.EmailAddress, tokens);
        }
    }
}
