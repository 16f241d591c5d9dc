namespace MigrationBot.BotFramework.Connector;

/// <summary>The bot's access token for the Connector (<c>https://api.botframework.com/.default</c>).</summary>
public interface IBotTokenSource
{
    /// <summary>A token valid for a few minutes at least, or <see langword="null"/> in unauthenticated local development.</summary>
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>Forgets a cached token the Connector refused (401), so the next call gets a new one.</summary>
    void Invalidate()
    {
    }
}
