namespace Cortex.Server.Dispatch;

/// <summary>
/// The bus between experiment storage, compute and streaming: publishers never wait for subscribers, and each
/// subscriber gets the events on its own task, in publish order, skipping old <see cref="ExperimentEvent.Superseded"/>
/// ones when it falls behind. <see cref="InProcessExperimentEvents"/> is the bus of one process.
/// </summary>
public interface IExperimentEvents
{
    void Publish(ExperimentEvent experimentEvent);

    /// <summary>Calls <paramref name="handler"/> with every event published from now on, until disposed; <paramref name="subscriber"/> names it in logs.</summary>
    IDisposable Subscribe(string subscriber, Func<ExperimentEvent, Task> handler);
}
