using MigrationBot.Batches.Alerts;

namespace MigrationBot.Tests.Batches.Alerts;

/// <summary>The alert settings are checked at start-up: none that alerts on every look, or never.</summary>
public sealed class AlertOptionsTests
{
    private static readonly AlertOptionsValidator Validator = new();

    [Fact]
    public void TheDefaults_AreValid()
    {
        Assert.True(Validator.Validate(null, new AlertOptions()).Succeeded);
    }

    [Fact]
    public void AStallTimeShorterThanTheLookInterval_IsRefusedNamingBothSettings()
    {
        var result = Validator.Validate(null, new AlertOptions { StallAfter = TimeSpan.FromMinutes(2), CheckEvery = TimeSpan.FromMinutes(5) });

        Assert.True(result.Failed);
        Assert.Contains("Alerts:StallAfter", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Alerts:CheckEvery", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AZeroThrottleThresholdOrAReportEverySecond_IsRefused()
    {
        Assert.True(Validator.Validate(null, new AlertOptions { ThrottleAfter = TimeSpan.Zero }).Failed);
        Assert.True(Validator.Validate(null, new AlertOptions { ReportEvery = TimeSpan.FromSeconds(1) }).Failed);
    }
}
