using System.Data.Common;
using Quartz;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// Tells a failure of the application database (PostgreSQL restarting or failing over, SQLite busy past its timeout) from
/// any other. The batch store throws the driver's <see cref="DbException"/>; Quartz, whose jobs live in the same database,
/// wraps it: a <see cref="JobPersistenceException"/> ("Failed to obtain DB connection", "Couldn't store job", a
/// <c>LockException</c>) or another <see cref="SchedulerException"/> whose cause is the driver's.
/// </summary>
public static class DatabaseFailure
{
    /// <summary>The driver's exception behind <paramref name="exception"/>, or null when it is not the database's.</summary>
    public static DbException? CauseOf(Exception exception)
    {
        // Only Quartz's wrappers are looked through: another exception around a DbException is that other failure.
        for (Exception? e = exception; e is not null; e = e is SchedulerException ? e.InnerException : null)
        {
            if (e is DbException cause)
                return cause;
        }

        return null;
    }
}
