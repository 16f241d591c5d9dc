using System.Net;
using System.Net.Sockets;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>A TCP port on loopback that nothing listens on right now.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
