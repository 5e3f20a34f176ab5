using System.Net;
using System.Net.Sockets;

namespace Cortex.Server.Cluster;

public static class LoopbackPorts
{
    /// <summary>A loopback port nobody listens on now (the operating system's pick), for a silo or a child process to take.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
