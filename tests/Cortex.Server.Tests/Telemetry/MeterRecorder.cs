using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Cortex.Server.Tests.Telemetry;

/// <summary>One measurement as a listener received it: the instrument, the value and its tags.</summary>
public sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value?.ToString() : null;
}

/// <summary>
/// A <see cref="MeterListener"/> on the <c>Cortex</c> meter of one host (its <see cref="IMeterFactory"/>), so that hosts
/// other tests run beside it in the same process do not mix in.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    readonly MeterListener _listener = new();
    readonly ConcurrentQueue<Measured> _recorded = new();
    List<Measured>? _observing;

    public MeterRecorder(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Server.Telemetry.CortexMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>What the recording instruments (counters, histograms) recorded so far.</summary>
    public IReadOnlyList<Measured> Recorded(string instrument) => [.. _recorded.Where(m => m.Instrument == instrument)];

    /// <summary>Collects the observable instruments now and returns what they reported.</summary>
    public IReadOnlyList<Measured> Observe(string instrument)
    {
        lock (_listener)
        {
            _observing = [];
            _listener.RecordObservableInstruments();
            var observed = _observing.Where(m => m.Instrument == instrument).ToList();
            _observing = null;
            return observed;
        }
    }

    void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var measured = new Measured(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value));
        if (instrument.IsObservable) _observing?.Add(measured);
        else _recorded.Enqueue(measured);
    }

    public void Dispose() => _listener.Dispose();
}
