using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using MigrationBot.Graph;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// The preflight's Microsoft 365 part: for each target user, what keeps them from receiving their mailbox (Graph:
/// exists, enabled, Exchange Online licence, mailbox; their domain verified). When Graph is not configured or cannot be
/// reached, nobody is failed for it: the preflight card says readiness was not checked, and why.
/// </summary>
public sealed class Microsoft365Check(GraphAccess graph)
{
    /// <summary>
    /// Per user, why they are not ready (absent: ready or not checked); what Graph said of each user it found (for
    /// notices); and a note for the card, or null.
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, string> NotReady, IReadOnlyDictionary<string, UserReadiness> Found, string? Note)> CheckAsync(
        IReadOnlyList<string> emailAddresses, CancellationToken cancellationToken)
    {
        var notReady = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var found = new Dictionary<string, UserReadiness>(StringComparer.OrdinalIgnoreCase);
        if (graph.Readiness is not { } readiness)
            return (notReady, found, graph.NotConfigured);
        try
        {
            var domains = await readiness.UnverifiedDomainsAsync(emailAddresses, cancellationToken);
            foreach (var address in emailAddresses)
            {
                if (domains.TryGetValue(address[(address.LastIndexOf('@') + 1)..], out var domainProblem))
                {
                    notReady[address] = "Microsoft 365: " + domainProblem;
                    continue;
                }

                var user = await readiness.CheckUserAsync(address, cancellationToken);
                found[address] = user;
                if (!user.Ready)
                    notReady[address] = "Microsoft 365: " + user.Problem;
            }

            return (notReady, found, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or AuthenticationFailedException or ODataError or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (notReady, found, $"Microsoft 365 readiness could not be checked ({ex.GetType().Name}: {ex.Message}); the IMAP logins were checked.");
        }
    }
}
