using System.Data.Common;

namespace MigrationBot.Engine.Storage;

/// <summary>Parameters in the provider-neutral way, so one command text (<c>@name</c>) serves SQLite and PostgreSQL.</summary>
public static class DbCommandParameters
{
    /// <summary>Adds <c>@name</c> (null as <see cref="DBNull"/>).</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
