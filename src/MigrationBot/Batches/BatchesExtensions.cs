using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Actions;
using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Approval;
using MigrationBot.Batches.Commands;
using MigrationBot.Batches.Endpoints;
using MigrationBot.Batches.Form;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.Chat;
using MigrationBot.Conversations;
using Quartz;

namespace MigrationBot.Batches;

public static class BatchesExtensions
{
    /// <summary>
    /// Batches run from chat: their store, the target and endpoints from configuration, who may do what, the batch
    /// commands and card actions, Quartz (persistent store in the application database, clustered on PostgreSQL) and the progress cards.
    /// </summary>
    public static IServiceCollection AddBatches(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TargetOptions>().Bind(configuration.GetSection("Target"));
        services.AddOptions<AuthorizationOptions>().Bind(configuration.GetSection("Authorization"));
        services.AddOptions<Dictionary<string, SourceEndpointOptions>>().Bind(configuration.GetSection("Endpoints"));
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection("Alerts")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddStoreOptions(configuration);
        services.AddSingleton<IBatchStore>(sp => CreateBatchStore(sp.GetRequiredService<IOptions<StoreOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddHealthChecks().AddCheck<BatchStoreHealthCheck>("batch-store", tags: [StoreHealthCheck.ReadyTag]);
        services.AddSingleton<BatchAccess>();
        services.AddSingleton<BatchChat>();
        services.AddSingleton<TargetLogins>();
        services.AddSingleton<EngineServices>();
        services.AddSingleton<BatchConcurrency>();
        services.AddSingleton<MigrationBot.Batches.Slots.ClusterSlots>();
        services.AddSingleton<MigrationBot.Batches.Slots.ReplicaCapacity>();
        services.AddSingleton<MailboxJobFactory>();
        services.AddSingleton<BatchScheduler>();
        services.AddSingleton<BatchPosts>();
        services.AddSingleton<Microsoft365Check>();
        services.AddSingleton<IMailboxPreflight, ImapPreflight>();
        services.AddSingleton<StartedBatchJobs>();
        services.AddSingleton<BatchStarter>();
        services.AddSingleton<BatchProgression>();
        services.AddSingleton<StoreWrites>();
        services.AddSingleton<MailboxPassRunner>();
        services.AddSingleton<BatchOperations>();
        services.AddSingleton<CompletionEvidence>();
        services.AddSingleton<FormUploads>();
        services.AddHttpClient(CsvAttachment.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<CsvAttachment>();
        services.AddSingleton<ProgressBoard>();
        services.AddSingleton<ProgressCardFactory>();
        services.AddHostedService<ProgressCardPublisher>();
        services.AddHostedService<LiveProgressPublisher>();
        services.AddSingleton<BatchRecovery>();
        services.AddSingleton<BatchWatch>();

        AddCommand<StartBatchCommand>(services);
        AddCommand<StatusCommand>(services);
        AddCommand<PauseCommand>(services);
        AddCommand<ResumeCommand>(services);
        AddCommand<RetryCommand>(services);
        AddCommand<CompleteBatchCommand>(services);
        AddCommand<StopBatchCommand>(services);
        AddCommand<RemoveBatchCommand>(services);
        AddCommand<EndpointsCommand>(services);
        AddAction<SubmitBatchAction>(services);
        AddAction<TestConnectionAction>(services);
        AddAction<ContinueInPersonalChatAction>(services);
        AddAction<RefreshBatchAction>(services);
        AddAction<BatchDetailsAction>(services);
        AddAction<PauseBatchAction>(services);
        AddAction<ResumeBatchAction>(services);
        AddAction<RetryFailedAction>(services);
        AddAction<ApproveCompletionAction>(services);
        AddAction<ConfirmStopAction>(services);
        AddAction<ConfirmRemoveAction>(services);
        AddAction<CancelBatchAction>(services);
        AddAction<AskCutoverAction>(services);
        AddAction<MoveCutoverAction>(services);
        AddAction<RetryStalledAction>(services);

        AddScheduler(services, configuration);
        return services;
    }

    /// <summary>The store <c>Store:Provider</c> chooses; the options were validated at start-up, so the connection string is there.</summary>
    internal static IBatchStore CreateBatchStore(StoreOptions options, TimeProvider time, ILoggerFactory logs) =>
        options.UsesPostgreSql
            ? new PostgresBatchStore(options.PostgreSqlConnectionString!, time, logs.CreateLogger<PostgresBatchStore>())
            : new SqliteBatchStore(options.SqlitePath!, time);

    private static void AddScheduler(IServiceCollection services, IConfiguration configuration)
    {
        // A sync waiting for its batch's or endpoint's slot holds a scheduler thread, so there are more threads than slots.
        var threads = configuration.GetValue("Batches:SchedulerThreads", 32);
        // The provider decides the store's type here; its connection string or path is read when the scheduler starts.
        var postgreSql = configuration.GetSection("Store").Get<StoreOptions>()?.UsesPostgreSql ?? false;
        var checkin = TimeSpan.FromSeconds(configuration.GetValue("Batches:ClusterCheckinSeconds", 10.0));
        var threshold = TimeSpan.FromSeconds(configuration.GetValue("Batches:ClusterCheckinMisfireSeconds", 20.0));
        // A replica learns of triggers another replica scheduled only when it next looks at the job store: at Quartz's
        // default of every 30 s, the replica that scheduled a batch's mailboxes ran them all before the other woke up.
        var idleWait = TimeSpan.FromSeconds(configuration.GetValue("Batches:ClusterIdleWaitSeconds", 2.0));
        services.AddQuartz(q =>
        {
            if (postgreSql)
                q.ConfigureScheduler(scheduler => scheduler.IdleWaitTime = idleWait);
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = threads);
            q.UsePersistentStore(store => SchedulerStore.Configure(store, postgreSql, checkin, threshold));
        });
        // Not Quartz's hosted service: it fails the host's start when the database cannot be opened, where the host
        // must come up, say so in /readyz, and start the scheduler once the database answers.
        services.AddHostedService<SchedulerHost>();
    }

    private static void AddCommand<T>(IServiceCollection services)
        where T : class, IChatCommandHandler =>
        services.AddSingleton<IChatCommandHandler, T>();

    private static void AddAction<T>(IServiceCollection services)
        where T : class, ICardActionHandler =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICardActionHandler, T>());
}
