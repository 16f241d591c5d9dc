using MigrationBot.BotFramework.Connector;

namespace MigrationBot.IntegrationTests.Load;

/// <summary>The bot's outbound token without Entra: the load test has no tenant and no network.</summary>
internal sealed class FixedBotToken(string token) : IBotTokenSource
{
    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(token);
}
