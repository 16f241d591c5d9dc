namespace MigrationBot.Batches.Form;

/// <summary>The input ids of the batch form: the names its submitted data arrives under.</summary>
public static class BatchFormFields
{
    public const string SubmitVerb = "submitBatch";
    public const string TestConnectionVerb = "testConnection";
    public const string ContinueInPersonalChatVerb = "continueInPersonalChat";

    /// <summary>Data of a form sent on to personal chat: the channel conversation the batch reports to.</summary>
    public const string OriginConversation = "originConversation";

    /// <summary>Data of a form started with a CSV file attached: the key of the upload kept for it.</summary>
    public const string UploadKey = "uploadKey";
    public const string BatchName = "batchName";

    public const string EndpointChoice = "endpoint";
    public const string HostName = "host";
    public const string Port = "port";
    public const string Security = "security";
    public const string Credentials = "credentials";
    public const string AdminUser = "adminUser";
    public const string AdminPasswordInput = "adminPassword";
    public const string MaxConcurrent = "maxConcurrent";
    public const string Csv = "csv";
    public const string ExcludedFolders = "excludedFolders";
    public const string MaxMessageSizeMb = "maxMessageSizeMb";
    public const string StartDate = "startDate";
    public const string StartTime = "startTime";
    public const string CutoverDate = "cutoverDate";
    public const string CutoverTime = "cutoverTime";
    public const string TimeZoneName = "timeZone";
    public const string IntervalHours = "intervalHours";
    public const string Approvers = "approvers";
    public const string PreflightBlocks = "preflightBlocks";

    /// <summary>The endpoint choice meaning "the server entered below".</summary>
    public const string OtherEndpoint = "other";

    /// <summary>The credential choice meaning "each user's password, from the CSV".</summary>
    public const string PerUserPasswords = "csv";
}
