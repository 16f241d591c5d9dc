namespace MigrationBot.Chat;

/// <summary>What a chat command asks for.</summary>
public enum CommandKind
{
    Unknown,
    Help,
    StartBatch,
    Status,
    Pause,
    Resume,
    Retry,
    CompleteBatch,
    StopBatch,
    RemoveBatch,
    Endpoints,
}

/// <summary>
/// A parsed command. <see cref="Problem"/> says what was wrong with an <see cref="CommandKind.Unknown"/> one
/// (shown on the help card), e.g. a missing batch name. <see cref="Detail"/> narrows a command: <c>status NAME notices</c>.
/// </summary>
public sealed record ChatCommand(CommandKind Kind, string? BatchName = null, string? User = null, string? Problem = null, string? Detail = null);
