namespace MigrationBot.Dns;

/// <summary><c>Dns</c>: the resolver for MX checks; unset, the machine's own (tests point it at a private dnsmasq).</summary>
public sealed class DnsOptions
{
    public string? Server { get; set; }
    public int Port { get; set; } = 53;
}
