using MigrationBot.BotFramework.Connector;

namespace MigrationBot.Tests.BotFramework.Connector;

public sealed class FakeTokenSource(string? token = "bot-token") : IBotTokenSource
{
    public int Calls { get; private set; }

    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        Calls++;
        return ValueTask.FromResult(token);
    }
}
