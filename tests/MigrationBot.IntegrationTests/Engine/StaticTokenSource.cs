using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Secrets;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>Tokens issued by the test Dovecot's introspection endpoint, one per user, standing in for Entra ID.</summary>
internal sealed class StaticTokenSource(Func<string, string> issue) : IAccessTokenSource
{
    public int Requests { get; private set; }

    public ValueTask<Secret> GetTokenAsync(string userName, CancellationToken cancellationToken)
    {
        Requests++;
        return ValueTask.FromResult(new Secret(issue(userName)));
    }
}
