using System.Net;
using System.Net.Sockets;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// A loopback TCP relay in front of a real server: a network cut the test controls. <see cref="Cut"/> closes every
/// relayed connection and refuses new ones, so nothing a client sends from then on reaches the server, while the server
/// itself keeps running with all its data (unlike stopping it, or pausing it: a paused server still executes what was
/// sent during the pause once it resumes). <see cref="Restore"/> lets clients connect again.
/// </summary>
public sealed class LoopbackTcpRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly Lock _gate = new();
    private readonly HashSet<TcpClient> _open = [];
    private bool _cut;

    public LoopbackTcpRelay(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    /// <summary>The loopback port clients connect to instead of the server's.</summary>
    public int Port { get; }

    /// <summary>Closes every relayed connection (both sides) and closes new ones as soon as they are accepted.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _cut = true;
            foreach (var socket in _open)
            {
                socket.Dispose();
            }
            _open.Clear();
        }
    }

    /// <summary>New connections are relayed again.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _cut = false;
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        Cut();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        lock (_gate)
        {
            if (_cut)
            {
                client.Dispose();
                upstream.Dispose();
                return;
            }
            _open.Add(client);
            _open.Add(upstream);
        }
        try
        {
            await upstream.ConnectAsync(_targetHost, _targetPort);
            var fromClient = client.GetStream();
            var fromServer = upstream.GetStream();
            await Task.WhenAny(fromClient.CopyToAsync(fromServer), fromServer.CopyToAsync(fromClient));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut, or one side hung up: both sides are closed below.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(client);
                _open.Remove(upstream);
            }
            client.Dispose();
            upstream.Dispose();
        }
    }
}
