using System.Security.Cryptography;

namespace MigrationBot.DemoServers;

/// <summary>A fresh random password for each demo account on each start.</summary>
internal static class DemoPassword
{
    // Letters and digits only: nothing a CSV, a passwd-file (':') or a shell would need to quote; no look-alikes (0/O, 1/l/I).
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 20);
}
