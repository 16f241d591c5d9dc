using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Chat;

/// <summary>
/// Carries out one kind of chat command (register with <c>services.AddSingleton&lt;IChatCommandHandler, …&gt;()</c>;
/// the last registration for a kind wins). Kinds with no handler answer "not available yet".
/// </summary>
public interface IChatCommandHandler
{
    CommandKind Kind { get; }

    /// <summary>The reply to post in the conversation (text or card).</summary>
    Task<OutboundActivity> HandleAsync(ChatCommand command, InboundActivity activity, CancellationToken cancellationToken);
}
