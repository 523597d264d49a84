using Keystone.Core.Access;
using Keystone.Core.Users;
using Microsoft.Extensions.Time.Testing;

namespace Keystone.Core.Tests.Access;

public sealed class AccessCacheTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_token_is_kept_for_the_lifetime_and_never_past_its_expiry()
    {
        var cache = new AccessCache(_clock);
        var grant = new TokenGrant(Guid.NewGuid(), Guid.NewGuid(), _clock.GetUtcNow().AddSeconds(10));
        cache.StoreToken("hash", grant, cache.Generation);

        Assert.Equal(grant, cache.FindToken("hash"));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(cache.FindToken("hash"));

        var longer = grant with { ExpiresAt = _clock.GetUtcNow().AddDays(1) };
        cache.StoreToken("hash", longer, cache.Generation);
        _clock.Advance(AccessCache.Lifetime - TimeSpan.FromTicks(1));
        Assert.Equal(longer, cache.FindToken("hash"));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Null(cache.FindToken("hash"));
    }

    [Fact]
    public void What_was_read_before_a_change_is_not_kept_after_it()
    {
        var cache = new AccessCache(_clock);
        var userId = Guid.NewGuid();
        var actor = Actor.ForUser(userId, KeystoneRole.SeniorKam, []);
        cache.StoreActor(userId, actor, cache.Generation);
        Assert.Same(actor, cache.FindActor(userId));

        var readBeforeTheChange = cache.Generation;
        cache.Clear();
        Assert.Null(cache.FindActor(userId));
        cache.StoreActor(userId, actor, readBeforeTheChange);
        Assert.Null(cache.FindActor(userId));

        cache.StoreActor(userId, actor, cache.Generation);
        Assert.Same(actor, cache.FindActor(userId));
    }

    [Fact]
    public async Task Callers_missing_the_same_token_at_once_share_one_read()
    {
        var cache = new AccessCache(_clock);
        var grant = new TokenGrant(Guid.NewGuid(), Guid.NewGuid(), _clock.GetUtcNow().AddDays(1));
        var read = new TaskCompletionSource<TokenGrant?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;

        var first = cache.TokenAsync("hash", () => { Interlocked.Increment(ref reads); return read.Task; });
        var others = Enumerable.Range(0, 5)
            .Select(_ => cache.TokenAsync("hash", () => { Interlocked.Increment(ref reads); return Task.FromResult<TokenGrant?>(null); }))
            .ToList();
        Assert.All(others, t => Assert.False(t.IsCompleted));

        read.SetResult(grant);
        Assert.Equal(grant, await first);
        foreach (var other in others)
        {
            Assert.Equal(grant, await other);
        }
        Assert.Equal(1, reads);
        Assert.Equal(grant, cache.FindToken("hash"));
    }

    [Fact]
    public async Task When_the_shared_read_fails_each_waiter_reads_for_itself()
    {
        var cache = new AccessCache(_clock);
        var userId = Guid.NewGuid();
        var actor = Actor.ForUser(userId, KeystoneRole.SeniorKam, []);
        var read = new TaskCompletionSource<Actor?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ownReads = 0;

        var first = cache.ActorAsync(userId, () => read.Task);
        var second = cache.ActorAsync(userId, () => { Interlocked.Increment(ref ownReads); return Task.FromResult<Actor?>(actor); });
        read.SetException(new InvalidOperationException("connection lost"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        Assert.Same(actor, await second);
        Assert.Equal(1, ownReads);
    }

    [Fact]
    public async Task A_waiter_stops_at_its_own_cancellation_without_ending_the_shared_read()
    {
        var cache = new AccessCache(_clock);
        var grant = new TokenGrant(Guid.NewGuid(), Guid.NewGuid(), _clock.GetUtcNow().AddDays(1));
        var read = new TaskCompletionSource<TokenGrant?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var gone = new CancellationTokenSource();

        var first = cache.TokenAsync("hash", () => read.Task);
        var waiter = cache.TokenAsync("hash", () => Task.FromResult<TokenGrant?>(null), gone.Token);
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        read.SetResult(grant);
        Assert.Equal(grant, await first);
    }

    [Fact]
    public async Task A_caller_after_a_change_does_not_share_a_read_begun_before_it()
    {
        var cache = new AccessCache(_clock);
        var userId = Guid.NewGuid();
        var before = Actor.ForUser(userId, KeystoneRole.SeniorKam, []);
        var after = Actor.ForUser(userId, KeystoneRole.JuniorKam, []);
        var read = new TaskCompletionSource<Actor?>(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = cache.ActorAsync(userId, () => read.Task);
        cache.Clear();
        Assert.Same(after, await cache.ActorAsync(userId, () => Task.FromResult<Actor?>(after)));

        read.SetResult(before);
        Assert.Same(before, await first);
        Assert.Same(after, cache.FindActor(userId));
    }
}
