using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;
using static SQLitePCL.raw;

namespace Keystone.Data.Sqlite;

#pragma warning disable EF1001 // SqliteRelationalConnection is EF Core's own SQLite connection; only its close is changed (ADR 0015).

/// <summary>
/// EF Core's SQLite connection, except that when EF Core would close it (after a query, or when a
/// pooled context goes back to its pool) it stays open, so that the statements prepared on it
/// (<see cref="SqliteStatementCache"/>) serve the next queries and the context's next use. It stays
/// open only when it is idle: in no transaction, with none of its kept statements being read;
/// otherwise it is closed as before (which rolls a transaction back). Disposing the context, or
/// closing the <see cref="SqliteConnection"/> itself, closes it as before.
/// </summary>
internal sealed class SqliteKeptConnection(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    protected override void CloseDbConnection()
    {
        if (!KeepOpen())
        {
            base.CloseDbConnection();
        }
    }

    protected override Task CloseDbConnectionAsync() => KeepOpen() ? Task.CompletedTask : base.CloseDbConnectionAsync();

    private bool KeepOpen() => DbConnection is SqliteConnection connection && IsIdle(connection);

    /// <summary>
    /// Open, outside any transaction, and with none of its kept statements being read. (Commands that
    /// are not kept are EF Core's, disposed with their readers before a context goes back to its pool.)
    /// </summary>
    internal static bool IsIdle(SqliteConnection connection) =>
        connection.State == System.Data.ConnectionState.Open
        && connection.Handle is { } handle
        && sqlite3_get_autocommit(handle) != 0
        && !SqliteStatementCache.InUseFor(connection);
}
