using System.Data.Common;

namespace MigrationBot.Engine.Ledger.Stores;

/// <summary>Parameters the way both of the ledger's databases take them: <c>@name</c> in the text, <c>name</c> added here.</summary>
internal static class LedgerCommands
{
    /// <summary>Adds the parameter <paramref name="name"/> (null as <see cref="DBNull"/>).</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
