using System.Net;
using System.Net.Sockets;

namespace BlazorSessionDemo.TestSupport;

/// <summary>Ports on 127.0.0.1 for servers the tests start (redis-server, the app): never exposed beyond this machine.</summary>
public static class LoopbackPorts
{
    /// <summary>A loopback port nothing listens on now (bound once by the OS, then released).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
