using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Keystone.Data.Sqlite;

/// <summary>
/// Prepared statements kept per SQLite connection (ADR 0015). Microsoft.Data.Sqlite compiles a
/// command's SQL when it first runs and finalizes it when the command is disposed, and EF Core makes
/// and disposes a command for every query, so every query was parsed and planned again: for the
/// access-filtered statements of Keystone that was most of a request's time on SQLite. This cache
/// hands EF Core, for the same SQL on the same connection, the command it used before, still prepared.
/// </summary>
/// <remarks>
/// A connection is used by one thread at a time (so is its context), so the cache needs no lock.
/// A cached command is either idle in the cache or in use by exactly one execution; the same SQL run
/// again while its first reader is still open gets a command of its own, not cached.
/// </remarks>
internal sealed class SqliteStatementCache
{
    /// <summary>Statements kept per connection; the least recently used goes first.</summary>
    public const int Capacity = 128;

    private static readonly ConditionalWeakTable<SqliteConnection, SqliteStatementCache> Caches = [];

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, LinkedListNode<ReusedCommand>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<ReusedCommand> _recent = new();
    private int _inUse;

    private SqliteStatementCache(SqliteConnection connection)
    {
        _connection = connection;
        // Closing a connection disposes its commands and gives its SQLite handle back to the pool, where
        // another connection may take it: nothing prepared on it may be used from here after that.
        connection.StateChange += (_, e) =>
        {
            if (e.CurrentState != System.Data.ConnectionState.Open)
            {
                Clear();
            }
        };
    }

    /// <summary>How many statements are kept for the connection (for tests).</summary>
    public static int CountFor(SqliteConnection connection) => Caches.TryGetValue(connection, out var cache) ? cache._byText.Count : 0;

    /// <summary>Whether any kept statement of the connection is being read now.</summary>
    public static bool InUseFor(SqliteConnection connection) => Caches.TryGetValue(connection, out var cache) && cache._inUse > 0;

    /// <summary>
    /// The command to run instead of <paramref name="fresh"/> (which EF Core has just made and filled):
    /// the kept one for its SQL, given its parameters, transaction and timeout; or <paramref name="fresh"/>
    /// itself when its SQL's kept command is busy.
    /// </summary>
    public static DbCommand Reuse(SqliteCommand fresh)
    {
        if (fresh.Connection is not { State: System.Data.ConnectionState.Open } connection || fresh.CommandText.Length == 0)
        {
            return fresh;
        }
        return Caches.GetValue(connection, c => new SqliteStatementCache(c)).Take(fresh);
    }

    private DbCommand Take(SqliteCommand fresh)
    {
        ReusedCommand command;
        if (_byText.TryGetValue(fresh.CommandText, out var node))
        {
            command = node.Value;
            if (command.InUse)
            {
                return fresh;
            }
            _recent.Remove(node);
            _recent.AddFirst(node);
        }
        else
        {
            command = new ReusedCommand(this, fresh.CommandText, _connection);
            _byText.Add(command.CommandText, _recent.AddFirst(command));
            Trim();
        }

        command.Transaction = fresh.Transaction;
        command.CommandTimeout = fresh.CommandTimeout;
        foreach (SqliteParameter parameter in fresh.Parameters)
        {
            command.Parameters.Add(parameter);
        }
        fresh.Parameters.Clear();
        fresh.Dispose();
        command.InUse = true;
        _inUse++;
        return command;
    }

    private void Trim()
    {
        var node = _recent.Last;
        while (_byText.Count > Capacity && node is not null)
        {
            var previous = node.Previous;
            if (!node.Value.InUse)
            {
                Forget(node.Value);
                node.Value.Retire();
            }
            node = previous;
        }
    }

    private void Forget(ReusedCommand command)
    {
        if (_byText.TryGetValue(command.CommandText, out var node) && ReferenceEquals(node.Value, command))
        {
            _byText.Remove(command.CommandText);
            _recent.Remove(node);
        }
    }

    private void Clear()
    {
        var commands = _recent.ToList();
        _byText.Clear();
        _recent.Clear();
        _inUse = 0;
        foreach (var command in commands)
        {
            command.Retire();
        }
    }

    /// <summary>
    /// A command that survives EF Core's disposal of it after each use: that only clears its parameters
    /// and hands it back to the cache. Disposed while idle (the connection closing) or evicted, it is
    /// disposed for real and its statements finalized.
    /// </summary>
    private sealed class ReusedCommand : SqliteCommand
    {
        private readonly SqliteStatementCache _cache;
        private bool _retired;

        public ReusedCommand(SqliteStatementCache cache, string sql, SqliteConnection connection) : base(sql, connection)
        {
            _cache = cache;
        }

        public bool InUse { get; set; }

        public void Retire()
        {
            _retired = true;
            Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && InUse && !_retired)
            {
                InUse = false;
                _cache._inUse--;
                Parameters.Clear();
                Transaction = null;
                return;
            }
            if (disposing && !_retired)
            {
                _retired = true;
                _cache.Forget(this);
            }
            base.Dispose(disposing);
        }
    }
}

/// <summary>Gives EF Core's SQLite commands their kept, prepared twin (<see cref="SqliteStatementCache"/>).</summary>
internal sealed class SqliteStatementCacheInterceptor : DbCommandInterceptor
{
    public static SqliteStatementCacheInterceptor Instance { get; } = new();

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result) =>
        result is SqliteCommand command ? SqliteStatementCache.Reuse(command) : result;
}
