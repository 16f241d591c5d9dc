using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace MigrationBot.Graph;

/// <summary>
/// Microsoft 365 readiness through Graph, the first step of an Exchange IMAP migration: each target user exists, is
/// enabled, holds a license with an enabled Exchange Online plan, and has a mailbox (its settings are readable); each
/// target domain is verified in the tenant. A user's failure is that user's answer, never an exception.
/// </summary>
public sealed class TenantReadiness(GraphServiceClient graph)
{
    private static readonly string[] UserFields = ["id", "displayName", "accountEnabled", "userPrincipalName", "mail", "assignedPlans"];

    public async Task<UserReadiness> CheckUserAsync(string emailAddress, CancellationToken cancellationToken)
    {
        User? user;
        try
        {
            user = await graph.Users[emailAddress].GetAsync(r => r.QueryParameters.Select = UserFields, cancellationToken);
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            return new UserReadiness(emailAddress, "no such user in the tenant: create and license the user first");
        }

        if (user is null)
            return new UserReadiness(emailAddress, "Graph returned no user");
        if (user.AccountEnabled == false)
            return new UserReadiness(emailAddress, "the user's account is disabled in Entra ID", user.DisplayName);
        var exchange = (user.AssignedPlans ?? []).Where(p => string.Equals(p.Service, "exchange", StringComparison.OrdinalIgnoreCase)).ToList();
        if (!exchange.Any(p => string.Equals(p.CapabilityStatus, "Enabled", StringComparison.OrdinalIgnoreCase)))
        {
            return new UserReadiness(emailAddress, exchange.Count == 0
                ? "no license with an Exchange Online plan: assign one (e.g. Exchange Online Plan 1 or Microsoft 365 Business)"
                : "the user's Exchange Online plan is not enabled (suspended or deleted)", user.DisplayName);
        }

        try
        {
            var settings = await graph.Users[user.Id ?? emailAddress].MailboxSettings.GetAsync(cancellationToken: cancellationToken);
            return new UserReadiness(emailAddress, null, user.DisplayName, settings?.TimeZone, settings?.Language?.Locale, user.Id);
        }
        catch (ODataError error) when (error.ResponseStatusCode is 404 or 403 || error.Error?.Code is "MailboxNotEnabledForRESTAPI" or "ResourceNotFound")
        {
            return new UserReadiness(emailAddress, "the user has no mailbox yet (licensed minutes ago? Exchange can take up to an hour)", user.DisplayName);
        }
    }

    /// <summary>The tenant's domains, by name, with whether each is verified (every page of the listing).</summary>
    public async Task<IReadOnlyDictionary<string, bool>> DomainsAsync(CancellationToken cancellationToken)
    {
        var domains = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        var first = await graph.Domains.GetAsync(r => r.QueryParameters.Select = ["id", "isVerified"], cancellationToken);
        if (first is null)
            return domains;
        var pages = PageIterator<Domain, DomainCollectionResponse>.CreatePageIterator(graph, first, domain =>
        {
            if (domain.Id is { } id)
                domains[id] = domain.IsVerified == true;
            return true;
        });
        await pages.IterateAsync(cancellationToken);
        return domains;
    }

    /// <summary>Each target domain of <paramref name="emailAddresses"/> that is not verified in the tenant, with why.</summary>
    public async Task<IReadOnlyDictionary<string, string>> UnverifiedDomainsAsync(IEnumerable<string> emailAddresses, CancellationToken cancellationToken)
    {
        var domains = await DomainsAsync(cancellationToken);
        var problems = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var domain in emailAddresses.Select(a => a[(a.LastIndexOf('@') + 1)..]).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!domains.TryGetValue(domain, out var verified))
                problems[domain] = $"the domain {domain} is not in the tenant: add it in the Microsoft 365 admin center";
            else if (!verified)
                problems[domain] = $"the domain {domain} is not verified in the tenant: add its TXT record and verify it";
        }

        return problems;
    }
}
