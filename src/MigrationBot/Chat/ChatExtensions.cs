using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MigrationBot.BotFramework.Messages;

namespace MigrationBot.Chat;

public static class ChatExtensions
{
    /// <summary>Commands, card actions and the activity handler behind <c>/api/messages</c>.</summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddSingleton<CommandDispatcher>();
        services.AddSingleton<CardActionRouter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICardActionHandler, ShowCommandAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICardActionHandler, RefreshHelpAction>());
        services.AddTransient<IActivityHandler, TeamsActivityHandler>();
        return services;
    }
}
