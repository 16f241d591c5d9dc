using System.Globalization;
using System.Text;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// Writes <c>.m365agentsplayground.yml</c>: the Playground's built-in mock tenant (version 0.1.1) with our
/// bot's id and name and fixed chat ids. Its schema wants at least five other users, or the server
/// starts listening but never mounts its API (seen with 0.2.28).
/// </summary>
internal static class PlaygroundConfigFile
{
    private static readonly (string Id, string Name, string Upn)[] Users =
    [
        ("user-id-1", "Megan Bowen", "meganb"),
        ("user-id-2", "Adele Vance", "adelev"),
        ("user-id-3", "Isaiah Langer", "isaiahl"),
        ("user-id-4", "Patti Fernandez", "pattif"),
        ("user-id-5", "Lynne Robbins", "lynner"),
    ];

    public static string Render(PlaygroundIdentity identity)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("version: \"0.1.1\"");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"tenantId: {PlaygroundIdentity.TenantId}");
        yaml.AppendLine("bot:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  id: {identity.BotId}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  name: {identity.BotName}");
        yaml.AppendLine("currentUser:");
        AppendUser(yaml, "  ", PlaygroundIdentity.CurrentUserId, "Alex Wilber", "alexw", 20);
        yaml.AppendLine("users:");
        for (var i = 0; i < Users.Length; i++)
        {
            AppendUser(yaml, "  - ", Users[i].Id, Users[i].Name, Users[i].Upn, 21 + i);
        }

        yaml.AppendLine("personalChat:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  id: {identity.PersonalChatId}");
        yaml.AppendLine("groupChat:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  id: {identity.GroupChatId}");
        yaml.AppendLine("  name: Group Chat");
        yaml.AppendLine("team:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  id: {PlaygroundIdentity.TeamId}");
        yaml.AppendLine("  name: My Team");
        yaml.AppendLine("  aadGroupId: 00000000-0000-0000-0000-000000000031");
        yaml.AppendLine("  channels:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"    - id: {PlaygroundIdentity.AnnouncementsChannelId}");
        yaml.AppendLine("      name: Announcements");
        return yaml.ToString();
    }

    private static void AppendUser(StringBuilder yaml, string firstIndent, string id, string name, string upn, int aadSuffix)
    {
        var indent = new string(' ', firstIndent.Length);
        var (given, surname) = (name.Split(' ')[0], name.Split(' ')[1]);
        yaml.AppendLine(CultureInfo.InvariantCulture, $"{firstIndent}id: {id}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}name: {name}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}userPrincipleName: {upn}@example.com");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}aadObjectId: 00000000-0000-0000-0000-00000000000{aadSuffix}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}givenName: {given}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}surname: {surname}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"{indent}email: {upn}@example.com");
    }
}
