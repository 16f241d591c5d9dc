using System.Data.Common;

namespace MigrationBot.Engine.Storage;

/// <summary>Parameters in the provider-neutral way, so one command text (<c>@name</c>) serves SQLite and PostgreSQL.</summary>
public static class DbCommandParameters
{
    /// <summary>Adds <c>@name</c> (null as <see cref="DBNull"/>).</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = Named(name);
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>
    /// The parameter's name as the command text writes it, <c>@name</c>. Given without its prefix, SQLite's binding
    /// looks the name up once as given and again with each prefix it knows, each a scan of the statement's
    /// parameters, at every execution: a fifth of the ledger's cost per message.
    /// </summary>
    public static string Named(string name) => name.StartsWith('@') ? name : "@" + name;
}
