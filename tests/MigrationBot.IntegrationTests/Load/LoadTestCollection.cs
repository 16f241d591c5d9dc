namespace MigrationBot.IntegrationTests.Load;

/// <summary>
/// Load tests run alone: other test classes running beside them (Dovecot, the Playground) would share
/// the CPU and make the measured acknowledgement times meaningless.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadTestCollection
{
    public const string Name = "Load";
}
