using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PermissionsAdmin.Web.Tests.ScaleOut;

/// <summary>
/// A TCP proxy in front of the PostgreSQL server that can freeze the connections it carries: no byte passes any
/// more in either direction, yet neither side is told (no reset, no close) — a network partition as a client sees
/// it. Connections made after <see cref="Freeze"/> pass normally. It can also <see cref="Cut"/> them: every
/// connection closed and new ones closed at once until <see cref="Restore"/> — the server down, as a client sees it.
/// </summary>
internal sealed class FreezableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _serverHost;
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Pair> _pairs = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    public FreezableProxy(string connectionString)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        _serverHost = server.Host!;
        _serverPort = server.Port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary><paramref name="connectionString"/> with its host and port replaced by the proxy's.</summary>
    public string Route(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    /// <summary>Silently stops every connection open now.</summary>
    public void Freeze()
    {
        foreach (var pair in _pairs) pair.Frozen = true;
    }

    /// <summary>Closes every connection, and each new one as soon as it is made, until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var pair in _pairs) pair.Dispose();
    }

    /// <summary>Lets new connections through again.</summary>
    public void Restore() => _cut = false;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                if (_cut)
                {
                    client.Dispose();
                    continue;
                }
                var server = new TcpClient();
                await server.ConnectAsync(_serverHost, _serverPort, _stop.Token);
                var pair = new Pair(client, server);
                _pairs.Add(pair);
                _ = PumpAsync(pair, client.GetStream(), server.GetStream());
                _ = PumpAsync(pair, server.GetStream(), client.GetStream());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task PumpAsync(Pair pair, NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0 || pair.Frozen) break;
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
            // End of stream or frozen: either way, stay silent until the proxy is disposed.
            if (pair.Frozen) await Task.Delay(Timeout.Infinite, _stop.Token);
            else pair.Dispose();
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            pair.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        foreach (var pair in _pairs) pair.Dispose();
        _stop.Dispose();
    }

    private sealed class Pair(TcpClient client, TcpClient server) : IDisposable
    {
        public volatile bool Frozen;

        public void Dispose()
        {
            client.Dispose();
            server.Dispose();
        }
    }
}
