namespace MigrationBot.Bench.Replicas;

/// <summary>The replicas step's sizes: its batch's mailboxes and their messages, and the messages of the ledger's micro-measure.</summary>
internal sealed record ReplicaOptions(int Users, int MessagesPerUser, int LedgerMessages);
