namespace Cortex.Server.Cli;

/// <summary>The span a load benchmark counts: what its clients see before (warm-up) or after it is left out.</summary>
public sealed class MeasurementWindow
{
    volatile bool _open;

    public bool IsOpen => _open;

    public void Open() => _open = true;

    public void Close() => _open = false;
}
