namespace MigrationBot.Graph;

/// <summary>
/// <c>Graph</c>: Microsoft Graph, app-only (application permissions, admin consent), for
/// <list type="bullet">
/// <item>the readiness checks: User.Read.All, MailboxSettings.Read, Domain.Read.All;</item>
/// <item>installing the bot for a user with no chat yet (<see cref="TeamsAppInstaller"/>): TeamsAppInstallation.ReadWriteForUser.All, and
/// AppCatalog.Read.All unless <see cref="TeamsAppId"/> is set;</item>
/// <item>notice emails by <c>sendMail</c> (<c>Notices:Email</c>): Mail.Send.</item>
/// </list>
/// Unset credentials fall back to <c>Target</c>'s (one app for IMAP and Graph); none at all: none of these.
/// </summary>
public sealed class GraphOptions
{
    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");

    /// <summary>
    /// <c>Graph:DangerouslyUseLoopbackWithoutToken</c>: call <see cref="BaseUrl"/> without asking Entra ID for a token,
    /// sending the fixed placeholder bearer of <see cref="LoopbackDevCredential"/> instead; any credentials set are not
    /// used. For the local demo's Graph stand-in (run.sh). Honoured only in Development and only for a loopback http(s)
    /// <see cref="BaseUrl"/>; anything else refuses to start (<see cref="GraphOptionsValidator"/>).
    /// </summary>
    public bool DangerouslyUseLoopbackWithoutToken { get; set; }
    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>
    /// <c>Graph:TeamsAppId</c>: the bot's app in the organization's Teams app catalog (the catalog's id, not the
    /// manifest's). Unset: looked up once by the manifest id in the catalog.
    /// </summary>
    public string? TeamsAppId { get; set; }

    /// <summary><c>Graph:TeamsAppManifestId</c>: the <c>id</c> of the app's manifest.json, to find the app in the catalog.</summary>
    public string? TeamsAppManifestId { get; set; }

    /// <summary>
    /// <c>Graph:TeamsAppManifestPath</c>: a built manifest.json (appPackage/build.sh writes appPackage/build/manifest.json)
    /// to read the manifest id from, when <see cref="TeamsAppManifestId"/> is not set. Relative paths are under the
    /// content root. Neither set: the bot's MicrosoftAppId, which build.sh uses as the manifest id by default.
    /// </summary>
    public string? TeamsAppManifestPath { get; set; }
}
