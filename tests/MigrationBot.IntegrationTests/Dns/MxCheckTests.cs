using System.Net;
using DnsClient;
using MigrationBot.Dns;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Dns;

/// <summary>The MX check against a real DNS server on loopback (a private dnsmasq).</summary>
public sealed class MxCheckTests : IAsyncLifetime
{
    private DnsmasqServer _dns = null!;
    private MxCheck _check = null!;

    public async Task InitializeAsync()
    {
        _dns = await DnsmasqServer.StartAsync(new Dictionary<string, (string, int)[]>
        {
            ["contoso.test"] = [("contoso-test.mail.protection.outlook.com", 10)],
            ["fabrikam.test"] = [("mx2.fabrikam.test", 20), ("mx1.fabrikam.test", 10)],
            ["halfway.test"] = [("halfway-test.mail.protection.outlook.com", 10), ("old-mx.halfway.test", 20)],
        }, CancellationToken.None);
        _check = new MxCheck(new LookupClient(new LookupClientOptions(new NameServer(IPAddress.Loopback, _dns.Port)) { UseCache = false, Timeout = TimeSpan.FromSeconds(3) }));
    }

    public async Task DisposeAsync() => await _dns.DisposeAsync();

    [Fact]
    public async Task ADomainWhoseMxIsExchangeOnlineProtection_PointsToExchangeOnline()
    {
        var result = await _check.CheckAsync("contoso.test", CancellationToken.None);

        Assert.True(result.PointsToExchangeOnline, result.Summary);
        Assert.Equal(["contoso-test.mail.protection.outlook.com"], result.Hosts);
    }

    [Fact]
    public async Task ADomainStillOnItsOldServers_DoesNot_AndTheSummaryNamesThemMostPreferredFirst()
    {
        var result = await _check.CheckAsync("fabrikam.test", CancellationToken.None);

        Assert.False(result.PointsToExchangeOnline);
        Assert.Equal(["mx1.fabrikam.test", "mx2.fabrikam.test"], result.Hosts);
        Assert.Contains("still points to mx1.fabrikam.test", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADomainWithAnOldMxBesideExchangeOnline_IsNotSwitchedYet()
    {
        var result = await _check.CheckAsync("halfway.test", CancellationToken.None);

        Assert.False(result.PointsToExchangeOnline);
    }

    [Fact]
    public async Task ADomainThatDoesNotExist_IsAProblemNotAnException()
    {
        var result = await _check.CheckAsync("nowhere.test", CancellationToken.None);

        Assert.False(result.PointsToExchangeOnline);
        Assert.Equal("the domain does not exist in DNS", result.Problem);
    }
}
