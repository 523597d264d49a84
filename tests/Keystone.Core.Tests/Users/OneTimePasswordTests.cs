using Keystone.Core.Users;

namespace Keystone.Core.Tests.Users;

public sealed class OneTimePasswordTests
{
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "-_.!#%+=";

    private static readonly List<string> Sample = [.. Enumerable.Range(0, 2000).Select(_ => OneTimePassword.Generate())];

    [Fact]
    public void Every_password_is_20_characters_with_every_character_class()
    {
        Assert.All(Sample, password =>
        {
            Assert.Equal(20, password.Length);
            Assert.Contains(password, Lower.Contains);
            Assert.Contains(password, Upper.Contains);
            Assert.Contains(password, Digits.Contains);
            Assert.Contains(password, Symbols.Contains);
        });
    }

    [Fact]
    public void No_password_holds_a_character_that_reads_like_another()
    {
        Assert.All(Sample, password => Assert.DoesNotContain(password, "0O1lI".Contains));
        Assert.All(Sample, password => Assert.All(password, c => Assert.Contains(c, Lower + Upper + Digits + Symbols)));
    }

    [Fact]
    public void Passwords_do_not_repeat()
    {
        Assert.Equal(Sample.Count, Sample.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_character_turns_up_and_no_class_keeps_its_place()
    {
        // With 2000 passwords of 20 characters, a character that never appears, or a first
        // position that is always a lower-case letter, would mean the generator is broken.
        var seen = Sample.SelectMany(p => p).ToHashSet();
        Assert.Equal((Lower + Upper + Digits + Symbols).Order(), seen.Order());
        Assert.Contains(Sample, p => !Lower.Contains(p[0], StringComparison.Ordinal));
        Assert.Contains(Sample, p => !Upper.Contains(p[1], StringComparison.Ordinal));
    }
}
