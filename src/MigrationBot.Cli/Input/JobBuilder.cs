using System.CommandLine;
using Azure.Identity;
using MigrationBot.Engine.Csv;
using MigrationBot.Engine.Imap;
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
        await using (var stream = csv.OpenRead())
            rows = await MigrationCsv.ReadAsync(stream, cancellationToken);
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
        var targetLogin = TargetLogin(options, result);
        return mailboxes
            .Select(m => new MailboxJob(m.EmailAddress, source, new PasswordLogin(m.UserName, m.Password), m.UserRoot, target, targetLogin(m.EmailAddress)))
            .ToList();
    }

    private static Func<string, ImapLogin> TargetLogin(CommonOptions options, ParseResult result)
    {
        switch (result.GetValue(options.TargetAuth))
        {
            case TargetAuth.Master:
                var admin = result.GetValue(options.TargetAdmin) ?? throw new InputException("--target-auth Master needs --target-admin");
                var password = SecretReader.Read("target administrator's password", result.GetValue(options.TargetAdminPasswordEnv), result.GetValue(options.TargetAdminPasswordFile));
                return address => new PasswordLogin(admin, password, AuthorizationId: address);
            default:
                var tenant = result.GetValue(options.TenantId) ?? throw new InputException("--target-auth Xoauth2 needs --tenant-id");
                var client = result.GetValue(options.ClientId) ?? throw new InputException("--target-auth Xoauth2 needs --client-id");
                var secret = SecretReader.Read("client secret", result.GetValue(options.ClientSecretEnv), result.GetValue(options.ClientSecretFile));
                var tokens = new CredentialAccessTokenSource(new ClientSecretCredential(tenant, client, secret.Reveal()));
                return address => new OAuth2Login(address, tokens);
        }
    }
}
