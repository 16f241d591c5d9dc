using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MigrationBot.Chat;
using MigrationBot.Graph;
using MigrationBot.Notices.Actions;
using MigrationBot.Notices.Delivery;
using MigrationBot.Notices.Editing;
using MigrationBot.Notices.Email;

namespace MigrationBot.Notices;

public static class NoticesExtensions
{
    /// <summary>
    /// End-user notices: their texts and timeline, Teams 1:1 delivery (the app installed through Graph where there is no
    /// chat yet) with email fallback (Graph <c>sendMail</c> or SMTP, <see cref="EmailRoute"/>), the delivery record.
    /// </summary>
    public static IServiceCollection AddNotices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NoticeOptions>().Bind(configuration.GetSection("Notices"))
            .Validate(o => o.CheckInDelay is null || (o.CheckInDelay > TimeSpan.Zero && o.CheckInDelay <= NoticeOptions.MaxCheckInDelay),
                "Notices:CheckInDelay must be more than zero and at most 30 days (e.g. 00:05:00), or unset for 09:00 local the day after the cutover.")
            .ValidateOnStart();
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection("Notices:Smtp"));
        services.AddOptions<NoticeEmailOptions>().Bind(configuration.GetSection("Notices:Email")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NoticeEmailOptions>, NoticeEmailOptionsValidator>();
        services.AddSingleton<SmtpNoticeEmail>();
        services.AddSingleton<GraphNoticeEmail>();
        services.AddSingleton<INoticeEmail>(sp =>
        {
            var (via, unavailable) = EmailRoute.Choose(
                sp.GetRequiredService<IOptions<NoticeEmailOptions>>().Value, sp.GetRequiredService<IOptions<SmtpOptions>>().Value, sp.GetRequiredService<GraphAccess>().Client is not null);
            return via switch
            {
                EmailVia.Graph => sp.GetRequiredService<GraphNoticeEmail>(),
                EmailVia.Smtp => sp.GetRequiredService<SmtpNoticeEmail>(),
                _ => new UnavailableNoticeEmail(unavailable ?? "no email is configured"),
            };
        });
        services.AddSingleton<NoticeDeliveryStore>();
        services.AddSingleton<PersonalChatOpener>();
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
