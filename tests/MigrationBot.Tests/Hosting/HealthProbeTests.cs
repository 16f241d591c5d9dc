using System.Net;
using MigrationBot.Hosting;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;

namespace MigrationBot.Tests.Hosting;

public sealed class HealthProbeTests
{
    [Fact]
    public async Task TheProbe_OfARunningHostsHealthz_ExitsZero()
    {
        await using var bot = await RunningBot.StartAsync("Production", TestIssuer.Shared);
        var output = new StringWriter();

        var exit = await HealthProbe.RunAsync([HealthProbe.Argument, new Uri(bot.Http.BaseAddress!, "/healthz").AbsoluteUri], output, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.StartsWith("healthy: ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProbe_OfAnUnhealthyAnswer_ExitsOne_SayingTheStatus()
    {
        var handler = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var output = new StringWriter();

        var exit = await HealthProbe.RunAsync([HealthProbe.Argument, "http://127.0.0.1:8080/healthz"], output, CancellationToken.None, handler);

        Assert.Equal(1, exit);
        Assert.Contains("answered 503", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProbe_WhereNothingListens_ExitsOne()
    {
        var handler = new FakeHttpHandler(_ => throw new HttpRequestException("Connection refused"));
        var output = new StringWriter();

        var exit = await HealthProbe.RunAsync([HealthProbe.Argument, "http://127.0.0.1:8080/healthz"], output, CancellationToken.None, handler);

        Assert.Equal(1, exit);
        Assert.Contains("did not answer", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--probe")]
    [InlineData("--probe", "healthz")]
    [InlineData("--probe", "file:///etc/passwd")]
    [InlineData("--probe", "http://127.0.0.1:8080/healthz", "extra")]
    public async Task TheProbe_WithABadCommandLine_ExitsTwo_SayingHowToCallIt(params string[] args)
    {
        var output = new StringWriter();

        var exit = await HealthProbe.RunAsync(args, output, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.StartsWith("usage: ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyAFirstArgumentOfProbe_IsAProbe()
    {
        Assert.True(HealthProbe.IsProbe(["--probe", "http://127.0.0.1:8080/healthz"]));
        Assert.False(HealthProbe.IsProbe(["--urls", "http://+:8080"]));
        Assert.False(HealthProbe.IsProbe([]));
    }
}
