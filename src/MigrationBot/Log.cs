using Microsoft.Extensions.Logging;
using MigrationBot.BotFramework.Auth;

namespace MigrationBot;

/// <summary>All log messages of the host. Ids, counts and durations only: never tokens, secrets or message text.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "Rejected /api/messages request: {Failure} {Detail}")]
    public static partial void ActivityRejected(ILogger logger, AuthFailure failure, string? detail);

    [LoggerMessage(1002, LogLevel.Debug, "Accepted {ActivityType} activity {ActivityId} in conversation {ConversationId}")]
    public static partial void ActivityAccepted(ILogger logger, string? activityType, string? activityId, string? conversationId);

    [LoggerMessage(1003, LogLevel.Warning, "Activity queue is full ({Capacity}); answering 503")]
    public static partial void ActivityQueueFull(ILogger logger, int capacity);

    [LoggerMessage(1004, LogLevel.Error, "Handling {ActivityType} activity {ActivityId} failed")]
    public static partial void ActivityHandlerFailed(ILogger logger, Exception exception, string? activityType, string? activityId);

    [LoggerMessage(1005, LogLevel.Warning, "Bot:DangerouslyAllowUnauthenticatedRequests is on: loopback callers are not authenticated (Development only)")]
    public static partial void UnauthenticatedModeOn(ILogger logger);

    [LoggerMessage(1006, LogLevel.Warning, "Bad activity body: {Reason}")]
    public static partial void BadActivity(ILogger logger, string reason);

    [LoggerMessage(1007, LogLevel.Information, "Invoke {InvokeName} verb {Verb} is not implemented; answering 501")]
    public static partial void InvokeNotImplemented(ILogger logger, string? invokeName, string? verb);

    [LoggerMessage(1008, LogLevel.Debug, "Handled {ActivityType} activity {ActivityId} in {ElapsedMs} ms")]
    public static partial void ActivityHandled(ILogger logger, string? activityType, string? activityId, double elapsedMs);

    [LoggerMessage(2001, LogLevel.Warning, "Connector {Method} answered {Status}; retry {Attempt} in {DelayMs} ms")]
    public static partial void ConnectorRetrying(ILogger logger, string method, int status, int attempt, double delayMs);

    [LoggerMessage(2002, LogLevel.Warning, "Connector refused writes to conversation {ConversationId} (403 MessageWritesBlocked)")]
    public static partial void ConnectorWritesBlocked(ILogger logger, string conversationId);

    [LoggerMessage(3001, LogLevel.Debug, "Stored reference to {ConversationType} conversation {ConversationId}")]
    public static partial void ConversationStored(ILogger logger, string? conversationType, string conversationId);

    [LoggerMessage(3002, LogLevel.Information, "Removed reference to conversation {ConversationId} ({Reason})")]
    public static partial void ConversationRemoved(ILogger logger, string conversationId, string reason);

    [LoggerMessage(4001, LogLevel.Information, "Chat command {Command} in conversation {ConversationId}")]
    public static partial void ChatCommand(ILogger logger, string command, string? conversationId);
}
