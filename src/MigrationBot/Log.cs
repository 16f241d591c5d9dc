using Microsoft.Extensions.Logging;
using MigrationBot.BotFramework.Auth;

namespace MigrationBot;

/// <summary>All log messages of the host. Ids, counts and durations only: never tokens, secrets or message text.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "Rejected /api/messages request: {Failure} {Detail}")]
    public static partial void ActivityRejected(ILogger logger, AuthFailure failure, string? detail);

    [LoggerMessage(1012, LogLevel.Warning, "The Data Protection key ring lies unencrypted in the application database: whoever copies the database can decrypt the stored credentials. Set DataProtection:CertificatePath (a PFX) to encrypt it")]
    public static partial void KeyRingUnencrypted(ILogger logger);

    [LoggerMessage(1011, LogLevel.Warning, "Bot:DangerouslyOverrideOpenIdMetadataUrl is on: tokens are checked against the keys at {MetadataUrl} (Development only)")]
    public static partial void MetadataOverrideOn(ILogger logger, string metadataUrl);

    [LoggerMessage(1010, LogLevel.Error, "Outage: the Bot Framework OpenID metadata (signing keys) cannot be fetched; answering 503 with Retry-After {RetryAfterSeconds} s: {Detail}")]
    public static partial void OpenIdMetadataUnavailable(ILogger logger, int retryAfterSeconds, string? detail);

    [LoggerMessage(1002, LogLevel.Debug, "Accepted {ActivityType} activity {ActivityId} in conversation {ConversationId}")]
    public static partial void ActivityAccepted(ILogger logger, string? activityType, string? activityId, string? conversationId);

    [LoggerMessage(1003, LogLevel.Warning, "Activity queue is full ({Capacity}); answering 503")]
    public static partial void ActivityQueueFull(ILogger logger, int capacity);

    [LoggerMessage(1004, LogLevel.Error, "Handling {ActivityType} activity {ActivityId} failed")]
    public static partial void ActivityHandlerFailed(ILogger logger, Exception exception, string? activityType, string? activityId);

    [LoggerMessage(1005, LogLevel.Warning, "Bot:DangerouslyAllowUnauthenticatedRequests is on: loopback callers are not authenticated (Development only)")]
    public static partial void UnauthenticatedModeOn(ILogger logger);

    [LoggerMessage(1006, LogLevel.Warning, "Graph:DangerouslyUseLoopbackWithoutToken is on: Graph calls go to {BaseUrl} with a placeholder token, no Entra ID (Development only, the local demo's stand-in)")]
    public static partial void LoopbackGraphOn(ILogger logger, string baseUrl);

    [LoggerMessage(1006, LogLevel.Warning, "Bad activity body: {Reason}")]
    public static partial void BadActivity(ILogger logger, string reason);

    [LoggerMessage(1007, LogLevel.Information, "Invoke {InvokeName} verb {Verb} is not implemented; answering 501")]
    public static partial void InvokeNotImplemented(ILogger logger, string? invokeName, string? verb);

    [LoggerMessage(1008, LogLevel.Debug, "Handled {ActivityType} activity {ActivityId} in {ElapsedMs} ms")]
    public static partial void ActivityHandled(ILogger logger, string? activityType, string? activityId, double elapsedMs);

    [LoggerMessage(2009, LogLevel.Warning, "Connector {Method} answered 401: the cached bot token was dropped and a new one is tried once")]
    public static partial void ConnectorTokenRefused(ILogger logger, string method);

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

    [LoggerMessage(5001, LogLevel.Information, "Batch {Batch} created with {Users} users")]
    public static partial void BatchCreated(ILogger logger, string batch, int users);

    [LoggerMessage(5002, LogLevel.Information, "Batch {Batch} started: {Passed} users passed preflight, {Failed} failed")]
    public static partial void BatchStarted(ILogger logger, string batch, int passed, int failed);

    [LoggerMessage(5003, LogLevel.Information, "Batch {Batch}: pass over {Mailbox} ended {Outcome}, {Copied} copied")]
    public static partial void MailboxPassEnded(ILogger logger, string batch, string mailbox, string outcome, int copied);

    [LoggerMessage(5021, LogLevel.Debug, "Batch {BatchId}: this replica's running passes not published ({Error}: {Message}); tried again at the next round")]
    public static partial void LivePublishFailed(ILogger logger, Guid batchId, string error, string message);

    [LoggerMessage(5022, LogLevel.Warning, "A cluster-wide mailbox slot could not be renewed or released ({Error}: {Message}); it lapses by itself")]
    public static partial void SlotRenewalFailed(ILogger logger, string error, string message);

    [LoggerMessage(5023, LogLevel.Debug, "Batch {Batch}: no room for {Mailbox} on this replica or no cluster-wide slot free; handed back to the cluster, tried again at {RetryAt:O}")]
    public static partial void MailboxHandedBack(ILogger logger, string batch, string mailbox, DateTimeOffset retryAt);

    [LoggerMessage(5020, LogLevel.Warning, "Batch {Batch}: {Mailbox} is held by another pass, and its retry could not be scheduled ({Reason}); it runs at its next slot")]
    public static partial void HeldMailboxRetryNotScheduled(ILogger logger, string batch, string mailbox, string reason);

    [LoggerMessage(5004, LogLevel.Information, "Batch {Batch} is {State}")]
    public static partial void BatchCompleted(ILogger logger, string batch, string state);

    [LoggerMessage(5005, LogLevel.Warning, "Posting a message of batch {Batch} failed: {Error} {Detail}")]
    public static partial void BatchPostFailed(ILogger logger, string batch, string error, string detail);

    [LoggerMessage(5006, LogLevel.Warning, "Updating the progress card of batch {BatchId} failed (tried again shortly): {Error} {Detail}")]
    public static partial void ProgressCardFailed(ILogger logger, Guid batchId, string error, string detail);

    [LoggerMessage(5007, LogLevel.Error, "Picking up unfinished batches at start-up failed: {Error} {Detail}")]
    public static partial void BatchRecoveryFailed(ILogger logger, string error, string detail);

    [LoggerMessage(5008, LogLevel.Information, "Scheduler {InstanceId} started ({JobStore}, clustered: {Clustered})")]
    public static partial void SchedulerStarted(ILogger logger, string instanceId, string jobStore, bool clustered);

    [LoggerMessage(5009, LogLevel.Error, "The scheduler cannot start (its database does not answer); trying again in {Seconds} s: {Detail}")]
    public static partial void SchedulerNotStarted(ILogger logger, double seconds, string detail);

    [LoggerMessage(5014, LogLevel.Warning, "Waiting for the application database ({What}, attempt {Attempt}); trying again in {Seconds} s: {Error} {Detail}")]
    public static partial void StoreWriteRetrying(ILogger logger, string what, int attempt, double seconds, string error, string detail);

    [LoggerMessage(5015, LogLevel.Information, "Batch {Batch} was found started by an earlier run of its start, cut off after the move to Syncing: {Scheduled} missing mailbox job(s) scheduled; its cards and notices are not sent again")]
    public static partial void BatchStartPickedUp(ILogger logger, string batch, int scheduled);

    [LoggerMessage(5010, LogLevel.Information, "Batch {Batch}: {Switched} of {Domains} domains' MX point to Exchange Online")]
    public static partial void MxChecked(ILogger logger, string batch, int switched, int domains);

    [LoggerMessage(6001, LogLevel.Warning, "Batch {Batch}: the {Notice} notice to {Mailbox} could not be delivered (Teams: {TeamsFailure}; email: {EmailFailure})")]
    public static partial void NoticeFailed(ILogger logger, string batch, string mailbox, string notice, string teamsFailure, string emailFailure);

    [LoggerMessage(5011, LogLevel.Warning, "Batch {Batch}: {Count} user(s) stalled; the IT channel is alerted")]
    public static partial void StallAlerted(ILogger logger, string batch, int count);

    [LoggerMessage(5012, LogLevel.Warning, "Batch {Batch}: {Host} is throttling until {Until}; the IT channel is alerted")]
    public static partial void ThrottleAlerted(ILogger logger, string batch, string host, DateTimeOffset until);

    [LoggerMessage(5013, LogLevel.Information, "Batch {Batch}: daily report posted ({Copied} items copied in the period)")]
    public static partial void DailyReportPosted(ILogger logger, string batch, long copied);

    [LoggerMessage(6002, LogLevel.Warning, "Batch {Batch}: its notices could not be sent or scheduled now: {Detail}")]
    public static partial void NoticesNotSent(ILogger logger, string batch, string detail);

    [LoggerMessage(6003, LogLevel.Information, "Teams app found in the organization's catalog: manifest id {ManifestId}, catalog id {CatalogId}")]
    public static partial void TeamsAppFound(ILogger logger, string manifestId, string catalogId);

    [LoggerMessage(6004, LogLevel.Information, "Opened the 1:1 chat with user {UserId} through Graph (app installed before: {AlreadyInstalled})")]
    public static partial void TeamsAppInstalled(ILogger logger, string userId, bool alreadyInstalled);

    [LoggerMessage(6005, LogLevel.Warning, "Opening the 1:1 chat with user {UserId} through Graph failed; trying the Bot Connector: {Reason}")]
    public static partial void TeamsAppInstallFailed(ILogger logger, string userId, string reason);
}
