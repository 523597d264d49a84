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
}
