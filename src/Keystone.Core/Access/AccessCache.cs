using System.Collections.Concurrent;

namespace Keystone.Core.Access;

/// <summary>A live API token as last read from the database: whose it is and until when it lives.</summary>
public sealed record TokenGrant(Guid TokenId, Guid UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// API tokens and actors as last read from the database, kept for <see cref="Lifetime"/> so that an
/// API request does not read them again (ADR 0013). A change saved through this process (a revoked
/// token, a user deactivated, a role or manager changed) empties it at once; a change saved by
/// another web server or the CLI is seen here within <see cref="Lifetime"/>. Only what the database
/// confirmed is kept: an unknown secret is looked up every time and never fills the cache.
/// Requests that miss the same key at the same time share one read: when an entry expires under load,
/// one request reads the token (and writes its last use) and the others wait for its answer, instead of
/// all of them reading and writing the same rows at once.
/// </summary>
public sealed class AccessCache(TimeProvider clock)
{
    /// <summary>The longest a revocation, deactivation or role change saved elsewhere goes unseen.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    // Far above the live tokens and users of any one company; a flood of distinct valid tokens only costs reads.
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry<TokenGrant>> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Entry<Actor>> _actors = new();
    private readonly ConcurrentDictionary<string, Flight<TokenGrant>> _tokenLoads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Flight<Actor>> _actorLoads = new();
    private long _generation;

    /// <summary>Read before loading from the database and handed back when storing what was loaded.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The grant of a token hash, while it is fresh and the token has not expired.</summary>
    public TokenGrant? FindToken(string hash)
    {
        var now = clock.GetUtcNow();
        return _tokens.TryGetValue(hash, out var entry) && entry.FreshAt(now) && entry.Value.ExpiresAt > now ? entry.Value : null;
    }

    public void StoreToken(string hash, TokenGrant grant, long generation) => Store(_tokens, hash, grant, generation);

    /// <summary>The actor of a user, while fresh.</summary>
    public Actor? FindActor(Guid userId) =>
        _actors.TryGetValue(userId, out var entry) && entry.FreshAt(clock.GetUtcNow()) ? entry.Value : null;

    public void StoreActor(Guid userId, Actor actor, long generation) => Store(_actors, userId, actor, generation);

    /// <summary>
    /// The grant of a token hash from the cache, else from <paramref name="load"/> (kept unless a change was
    /// saved meanwhile); null for an unknown token, never kept. While one caller's load of the same hash is
    /// under way, others wait for it (each until its own <paramref name="ct"/>); if that load fails or is
    /// cancelled, each waiter runs its own.
    /// </summary>
    public Task<TokenGrant?> TokenAsync(string hash, Func<Task<TokenGrant?>> load, CancellationToken ct = default) =>
        GetOrLoadAsync(_tokens, _tokenLoads, hash, FindToken, load, ct);

    /// <summary>The actor of a user from the cache, else from <paramref name="load"/>, as <see cref="TokenAsync"/>.</summary>
    public Task<Actor?> ActorAsync(Guid userId, Func<Task<Actor?>> load, CancellationToken ct = default) =>
        GetOrLoadAsync(_actors, _actorLoads, userId, FindActor, load, ct);

    private async Task<TValue?> GetOrLoadAsync<TKey, TValue>(
        ConcurrentDictionary<TKey, Entry<TValue>> map, ConcurrentDictionary<TKey, Flight<TValue>> loads, TKey key,
        Func<TKey, TValue?> find, Func<Task<TValue?>> load, CancellationToken ct)
        where TKey : notnull
        where TValue : class
    {
        ArgumentNullException.ThrowIfNull(load);
        if (find(key) is { } cached)
        {
            return cached;
        }
        var generation = Generation;
        var flight = new Flight<TValue>(generation);
        var running = loads.GetOrAdd(key, flight);
        if (!ReferenceEquals(running, flight))
        {
            // Only a load begun since the last saved change may answer for this caller.
            if (running.Generation == generation)
            {
                try
                {
                    return await running.Result.Task.WaitAsync(ct);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // That load failed or its caller went away: read for ourselves below.
                }
            }
            return await LoadAndStoreAsync(map, key, load, generation);
        }
        try
        {
            var value = await LoadAndStoreAsync(map, key, load, generation);
            flight.Result.TrySetResult(value);
            return value;
        }
        catch
        {
            // Cancelled rather than faulted: no waiter is handed another request's error, and nothing is left unobserved.
            flight.Result.TrySetCanceled();
            throw;
        }
        finally
        {
            loads.TryRemove(new KeyValuePair<TKey, Flight<TValue>>(key, flight));
        }
    }

    private async Task<TValue?> LoadAndStoreAsync<TKey, TValue>(
        ConcurrentDictionary<TKey, Entry<TValue>> map, TKey key, Func<Task<TValue?>> load, long generation)
        where TKey : notnull
        where TValue : class
    {
        var value = await load();
        if (value is not null)
        {
            Store(map, key, value, generation);
        }
        return value;
    }

    /// <summary>Forgets everything: called after a change to users or tokens is saved.</summary>
    public void Clear()
    {
        // The generation moves first: a load that began before the change and stores after this line
        // sees the new generation and takes its value back out (see Store).
        Interlocked.Increment(ref _generation);
        _tokens.Clear();
        _actors.Clear();
    }

    private void Store<TKey, TValue>(ConcurrentDictionary<TKey, Entry<TValue>> map, TKey key, TValue value, long generation)
        where TKey : notnull
    {
        if (generation != Generation)
        {
            return;
        }
        var now = clock.GetUtcNow();
        if (map.Count >= MaxEntries)
        {
            foreach (var stale in map.Where(e => !e.Value.FreshAt(now)).Select(e => e.Key).ToList())
            {
                map.TryRemove(stale, out _);
            }
            if (map.Count >= MaxEntries)
            {
                return;
            }
        }
        var entry = new Entry<TValue>(value, now + Lifetime);
        map[key] = entry;
        if (generation != Generation)
        {
            // A change was saved while this value was being read: it may predate the change.
            map.TryRemove(new KeyValuePair<TKey, Entry<TValue>>(key, entry));
        }
    }

    private sealed class Flight<T>(long generation)
    {
        public long Generation { get; } = generation;

        public TaskCompletionSource<T?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Entry<T>(T Value, DateTimeOffset FreshUntil)
    {
        // A clock set back would otherwise keep an entry for longer than the lifetime.
        public bool FreshAt(DateTimeOffset now) => now < FreshUntil && now >= FreshUntil - Lifetime;
    }
}
