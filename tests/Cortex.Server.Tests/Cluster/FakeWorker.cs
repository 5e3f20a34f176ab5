using Cortex.Server.Storage;
using System.Threading.Channels;
using Cortex.Server.Cluster;
using Cortex.Server.Experiments;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Cortex.Server.Tests.Cluster;

/// <summary>
/// A worker under the test's control, living on a worker silo: it joins the head as <see cref="WorkerAgent"/> does, records
/// what the head asks of it, and ends a run only when the test says so.
/// </summary>
public sealed class FakeWorker(InProcessSiloHandle silo, string name, string machine = "machine-1", string device = "cpu", int slots = 1) : IWorkerControl
{
    readonly Channel<RunAssignment> _started = Channel.CreateUnbounded<RunAssignment>();
    readonly Channel<string> _cancels = Channel.CreateUnbounded<string>();
    IWorkerControl? _self;

    public string Name => name;

    public InProcessSiloHandle Silo => silo;

    IGrainFactory Grains => silo.ServiceProvider.GetRequiredService<IGrainFactory>();

    IClusterHead Head => Grains.GetGrain<IClusterHead>(0);

    public Task Start(RunAssignment assignment)
    {
        _started.Writer.TryWrite(assignment);
        return Task.CompletedTask;
    }

    public Task Cancel(string experimentId)
    {
        _cancels.Writer.TryWrite(experimentId);
        return Task.CompletedTask;
    }

    /// <summary>Joins with the runs it says it holds, retried while the cluster still learns where the head grain lives; returns the runs the head does not want.</summary>
    public async Task<IReadOnlyList<string>> JoinAsync(params RunLease[] holding)
    {
        _self ??= Grains.CreateObjectReference<IWorkerControl>(this);
        var card = new WorkerCard(name, machine, device, slots, silo.SiloAddress.ToString(), holding);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await Head.Join(card, _self);
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>The next run the head starts here, within <paramref name="seconds"/>.</summary>
    public async Task<RunAssignment> NextStartAsync(int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return await _started.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The head started nothing on {name} in {seconds} s.");
        }
    }

    /// <summary>Whether the head starts anything here within <paramref name="milliseconds"/> (to show that something waits).</summary>
    public async Task<RunAssignment?> StartWithinAsync(int milliseconds)
    {
        using var timeout = new CancellationTokenSource(milliseconds);
        try
        {
            return await _started.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task<string> NextCancelAsync(int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await _cancels.Reader.ReadAsync(timeout.Token);
    }

    public Task SucceedAsync(RunLease lease, string result) =>
        FinishAsync(lease, new RunReport(RunEndKind.Succeeded, Outcome(result), null));

    public Task FinishAsync(RunLease lease, RunReport report) => Head.Finish(name, lease, report);

    static ExperimentOutcome Outcome(string result) =>
        new(new StoredExperimentSummary { Figures = new() { ["test.result"] = result.Length } }, new Dictionary<string, byte[]> { ["result.txt"] = System.Text.Encoding.UTF8.GetBytes(result) }, []);
}
