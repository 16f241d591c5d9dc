using MigrationBot.Batches.Endpoints;
using MigrationBot.Graph;

namespace MigrationBot.Tests.Graph;

public sealed class TenantReadinessTests : IAsyncLifetime
{
    private FakeGraph _graph = null!;
    private TenantReadiness _readiness = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        _readiness = GraphAccess.Create(new GraphOptions { BaseUrl = _graph.BaseUrl }, new TargetOptions(), new FixedTokenCredential("graph-token")).Readiness!;
    }

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    [Fact]
    public async Task ALicensedEnabledUserWithAMailbox_IsReady_WithTheMailboxsTimeZoneAndLanguage()
    {
        _graph.Users["ann@contoso.com"] = (true, "Enabled", true);

        var ann = await _readiness.CheckUserAsync("ann@contoso.com", CancellationToken.None);

        Assert.True(ann.Ready, ann.Problem);
        Assert.Equal(("User ann", "W. Europe Standard Time", "de-DE"), (ann.DisplayName, ann.TimeZone, ann.Locale));
        Assert.All(_graph.Requests, r => Assert.Equal("Bearer graph-token", r.Authorization));
    }

    [Theory]
    [InlineData("nobody@contoso.com", false, null, false, "no such user")]
    [InlineData("off@contoso.com", false, "Enabled", true, "disabled")]
    [InlineData("nolicense@contoso.com", true, null, true, "no license with an Exchange Online plan")]
    [InlineData("suspended@contoso.com", true, "Suspended", true, "not enabled")]
    [InlineData("nomailbox@contoso.com", true, "Enabled", false, "no mailbox")]
    public async Task AUserNotReady_SaysWhy(string address, bool enabled, string? plan, bool mailbox, string expected)
    {
        if (address != "nobody@contoso.com")
            _graph.Users[address] = (enabled, plan, mailbox);

        var user = await _readiness.CheckUserAsync(address, CancellationToken.None);

        Assert.False(user.Ready);
        Assert.Contains(expected, user.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A429WithRetryAfter_IsWaitedOutAndTheAnswerStillComes()
    {
        _graph.Users["busy@contoso.com"] = (true, "Enabled", true);
        _graph.ThrottleOnce = "busy@contoso.com";
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var busy = await _readiness.CheckUserAsync("busy@contoso.com", CancellationToken.None);

        Assert.True(busy.Ready, busy.Problem);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {clock.Elapsed.TotalSeconds:0.00} s: Retry-After was not honoured");
        Assert.Equal(2, _graph.Requests.Count(r => r.Path.StartsWith("/v1.0/users/busy@contoso.com", StringComparison.Ordinal) && !r.Path.Contains("mailboxSettings", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Domains_AreReadAcrossEveryPage_AndUnverifiedOrUnknownOnesAreNamed()
    {
        _graph.Domains.AddRange([("contoso.onmicrosoft.com", true), ("contoso.com", true), ("fabrikam.com", false), ("tailspin.com", true), ("wingtip.com", true)]);

        var domains = await _readiness.DomainsAsync(CancellationToken.None);
        var pagesRead = _graph.Requests.Count(r => r.Path.StartsWith("/v1.0/domains", StringComparison.Ordinal));
        var problems = await _readiness.UnverifiedDomainsAsync(["a@contoso.com", "b@fabrikam.com", "c@wingtip.com", "d@adatum.com"], CancellationToken.None);

        Assert.Equal(5, domains.Count);
        Assert.Equal(3, pagesRead);
        Assert.Equal(["adatum.com", "fabrikam.com"], problems.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("not verified", problems["fabrikam.com"], StringComparison.Ordinal);
        Assert.Contains("not in the tenant", problems["adatum.com"], StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutCredentials_ReadinessIsNotCheckedAndSaysSo()
    {
        var access = GraphAccess.Create(new GraphOptions(), new TargetOptions());

        Assert.Null(access.Readiness);
        Assert.Contains("not configured", access.NotConfigured, StringComparison.Ordinal);
    }
}
