using DnsClient;
using DnsClient.Protocol;

namespace MigrationBot.Dns;

/// <summary>What a domain's MX records say: where its mail goes, and whether that is Exchange Online.</summary>
/// <param name="Hosts">The MX hosts, most preferred first, without the trailing dot.</param>
/// <param name="Problem">Why the answer could not be had (no such domain, no MX, DNS unreachable), or null.</param>
public sealed record MxResult(string Domain, IReadOnlyList<string> Hosts, string? Problem)
{
    public const string ExchangeOnlineSuffix = ".mail.protection.outlook.com";

    /// <summary>Every MX host is Exchange Online Protection (<c>*.mail.protection.outlook.com</c>).</summary>
    public bool PointsToExchangeOnline => Problem is null && Hosts.Count > 0 && Hosts.All(h => h.EndsWith(ExchangeOnlineSuffix, StringComparison.OrdinalIgnoreCase));

    /// <summary>One sentence for IT.</summary>
    public string Summary => Problem is not null ? $"{Domain}: {Problem}"
        : PointsToExchangeOnline ? $"{Domain}: MX points to Exchange Online ({Hosts[0]})"
        : $"{Domain}: MX still points to {string.Join(", ", Hosts.Take(3))}, not to Exchange Online: switch it to {Domain.Replace('.', '-')}{ExchangeOnlineSuffix} when the users have moved";
}

/// <summary>Looks up a domain's MX records (DnsClient), answering a result, never an exception.</summary>
public sealed class MxCheck(ILookupClient dns)
{
    public async Task<MxResult> CheckAsync(string domain, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await dns.QueryAsync(domain, QueryType.MX, cancellationToken: cancellationToken);
            if (answer.HasError)
            {
                return new MxResult(domain, [], answer.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain
                    ? "the domain does not exist in DNS"
                    : $"DNS answered {answer.ErrorMessage}");
            }

            var hosts = answer.Answers.OfType<MxRecord>().OrderBy(r => r.Preference).Select(r => r.Exchange.Value.TrimEnd('.')).ToList();
            return hosts.Count == 0 ? new MxResult(domain, [], "the domain has no MX record") : new MxResult(domain, hosts, null);
        }
        catch (DnsResponseException ex)
        {
            return new MxResult(domain, [], $"DNS did not answer ({ex.Message})");
        }
    }
}
