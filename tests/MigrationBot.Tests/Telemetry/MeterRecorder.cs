using System.Diagnostics.Metrics;

namespace MigrationBot.Tests.Telemetry;

/// <summary>Records what the instruments of one meter measure (that meter only: other tests' hosts have their own).</summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<Recorded> _recorded = [];

    public MeterRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Asks the observable instruments for their values now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public IReadOnlyList<Recorded> Of(string instrument)
    {
        lock (_recorded)
            return [.. _recorded.Where(r => r.Instrument == instrument)];
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
        lock (_recorded)
            _recorded.Add(new Recorded(instrument.Name, value, copy));
    }

    public sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);
}
