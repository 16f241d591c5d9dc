using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MigrationBot.Chat;
using MigrationBot.Notices.Actions;
using MigrationBot.Notices.Delivery;
using MigrationBot.Notices.Editing;

namespace MigrationBot.Notices;

public static class NoticesExtensions
{
    /// <summary>End-user notices: their texts and timeline, Teams 1:1 delivery with email fallback, the delivery record.</summary>
    public static IServiceCollection AddNotices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NoticeOptions>().Bind(configuration.GetSection("Notices"));
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection("Notices:Smtp"));
        services.AddSingleton<NoticeDeliveryStore>();
        services.AddSingleton<EmailNotices>();
        services.AddSingleton<NoticeSender>();
        services.AddSingleton<NoticeJobs>();
        services.AddSingleton<NoticeService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICardActionHandler, CheckInAllThereAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICardActionHandler, CheckInMissingAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICardActionHandler, EditNoticeTextsAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICardActionHandler, PreviewNoticeTextsAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICardActionHandler, SaveNoticeTextsAction>());
        return services;
    }
}
