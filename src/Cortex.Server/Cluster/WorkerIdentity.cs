namespace Cortex.Server.Cluster;

/// <summary>Who a worker is in the cluster: its name, machine, libtorch device and slots.</summary>
public sealed record WorkerIdentity(string Name, string Machine, string Device, int Slots);
