using System.Runtime.CompilerServices;
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
/// <remarks>
/// Each kept connection holds its own page cache (SQLite's default, 2 MB) and its statements, and a
/// context keeps its connection for as long as it sits in the pool: at most
/// <see cref="MaxKeptPerDatabase"/> connections to one database are kept open this way; beyond that
/// a context closes its connection as before.
/// </remarks>
internal sealed class SqliteKeptConnection(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    /// <summary>Connections kept open at once per database (connection string).</summary>
    public const int MaxKeptPerDatabase = 32;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, StrongBox<int>> KeptByDatabase = new(StringComparer.Ordinal);

    private StrongBox<int>? _counted;

    protected override void CloseDbConnection()
    {
        if (!KeepOpen())
        {
            base.CloseDbConnection();
        }
    }

    protected override Task CloseDbConnectionAsync() => KeepOpen() ? Task.CompletedTask : base.CloseDbConnectionAsync();

    private bool KeepOpen()
    {
        if (DbConnection is not SqliteConnection connection || !IsIdle(connection))
        {
            return false;
        }
        if (_counted is not null)
        {
            return true;
        }
        var kept = KeptByDatabase.GetOrAdd(connection.ConnectionString, _ => new StrongBox<int>());
        if (Interlocked.Increment(ref kept.Value) > MaxKeptPerDatabase)
        {
            Interlocked.Decrement(ref kept.Value);
            return false;
        }
        _counted = kept;
        connection.StateChange += Uncount;
        return true;
    }

    // However the connection closes (an EF Core close that cannot keep it, the context disposed, or a
    // close of the SqliteConnection itself), it no longer counts as kept.
    private void Uncount(object? sender, System.Data.StateChangeEventArgs e)
    {
        if (e.CurrentState != System.Data.ConnectionState.Open && _counted is { } kept && sender is SqliteConnection connection)
        {
            connection.StateChange -= Uncount;
            _counted = null;
            Interlocked.Decrement(ref kept.Value);
        }
    }

    /// <summary>How many connections to the database of <paramref name="connectionString"/> are kept open now (for tests).</summary>
    internal static int KeptFor(string connectionString) => KeptByDatabase.TryGetValue(connectionString, out var kept) ? Volatile.Read(ref kept.Value) : 0;

    /// <summary>
    /// Open, outside any transaction, and with none of its kept statements being read. (Commands that
    /// are not kept are EF Core's, disposed with their readers before a context goes back to its pool.)
    /// </summary>
    private static bool IsIdle(SqliteConnection connection) =>
        connection.State == System.Data.ConnectionState.Open
        && connection.Handle is { } handle
        && sqlite3_get_autocommit(handle) != 0
        && !SqliteStatementCache.InUseFor(connection);
}
