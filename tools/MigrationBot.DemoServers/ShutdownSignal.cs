using System.Runtime.InteropServices;

namespace MigrationBot.DemoServers;

/// <summary>
/// Turns SIGTERM (run.sh --stop), SIGINT (Ctrl-C) and SIGHUP (a closed terminal) into a cancellation, so the process
/// stops its Dovecot instances on the way out instead of being ended by the runtime's default handler with them left running.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle),
        ];
    }

    /// <summary>Cancelled by the first of these signals; later ones are ignored while the servers stop.</summary>
    public CancellationToken Token => _requested.Token;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        _requested.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _requested.Dispose();
    }
}
