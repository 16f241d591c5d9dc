using Microsoft.Extensions.Options;

namespace MigrationBot.Batches.Alerts;

/// <summary>When the IT channel is alerted (section <c>Alerts</c>).</summary>
public sealed class AlertOptions
{
    /// <summary>A running pass that made no progress for this long is stalled: one alert, with Retry.</summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A throttling episode of the target this long or longer is alerted (shorter ones only show on the progress card).</summary>
    public TimeSpan ThrottleAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each running batch is looked at for stalls and throttling.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the report card is posted while a batch runs (Exchange sends one every 24 h).</summary>
    public TimeSpan ReportEvery { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>Refuses times that would alert on every tick, or never.</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var problems = new List<string>();
        if (options.CheckEvery < TimeSpan.FromSeconds(1))
            problems.Add($"Alerts:CheckEvery must be at least 1 second, not {options.CheckEvery}.");
        if (options.StallAfter < options.CheckEvery)
            problems.Add($"Alerts:StallAfter ({options.StallAfter}) must be at least Alerts:CheckEvery ({options.CheckEvery}).");
        if (options.ThrottleAfter <= TimeSpan.Zero)
            problems.Add($"Alerts:ThrottleAfter must be positive, not {options.ThrottleAfter}.");
        if (options.ReportEvery < TimeSpan.FromMinutes(1))
            problems.Add($"Alerts:ReportEvery must be at least 1 minute, not {options.ReportEvery}.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
