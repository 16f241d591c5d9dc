using MigrationBot.Engine.Secrets;

namespace MigrationBot.Cli.Input;

/// <summary>
/// Reads a secret from an environment variable or a file, never from the command line (where it would land in
/// shell history and the process list).
/// </summary>
public static class SecretReader
{
    public static Secret Read(string what, string? environmentVariable, string? file)
    {
        if (environmentVariable is not null && file is not null)
            throw new InputException($"give the {what} either in an environment variable or in a file, not both");
        if (environmentVariable is not null)
        {
            var value = Environment.GetEnvironmentVariable(environmentVariable);
            if (string.IsNullOrEmpty(value))
                throw new InputException($"the environment variable {environmentVariable} (the {what}) is not set or empty");
            return new Secret(value);
        }

        if (file is not null)
        {
            if (!File.Exists(file))
                throw new InputException($"the {what} file '{file}' does not exist");
            string value;
            try
            {
                value = File.ReadAllText(file).TrimEnd('\r', '\n');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"cannot read the {what} file '{file}' ({ex.Message})", ex);
            }

            if (value.Length == 0)
                throw new InputException($"the {what} file '{file}' is empty");
            return new Secret(value);
        }

        throw new InputException($"the {what} is required: give it with the matching --…-env or --…-file option");
    }
}
