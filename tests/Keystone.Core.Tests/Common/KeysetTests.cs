using System.Text;
using System.Text.Json;
using Keystone.Core.Common;

namespace Keystone.Core.Tests.Common;

public sealed class KeysetTests
{
    private sealed record Row(Guid Id, string Name, DateTimeOffset At);

    private static readonly Row[] Rows =
    [
        .. Enumerable.Range(0, 11).Select(i => new Row(
            new Guid($"00000000-0000-0000-0000-{i * 7 % 11:D12}"),
            $"name {i % 4}",
            new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(i * 3 % 5 * TimeSpan.TicksPerMillisecond))),
    ];

    private static Keyset<Row> ByName(bool descending = false) => new("name", descending, (System.Linq.Expressions.Expression<Func<Row, string>>)(r => r.Name), r => r.Id);

    private static Keyset<Row> ByTime(bool descending = false) => new("at", descending, (System.Linq.Expressions.Expression<Func<Row, DateTimeOffset>>)(r => r.At), r => r.Id);

    private static List<Row> Walk(Keyset<Row> keyset, int pageSize)
    {
        var seen = new List<Row>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = keyset.Apply(Rows.AsQueryable(), token).Take(pageSize).ToList();
            seen.AddRange(page);
            token = keyset.NextToken(page, pageSize);
            Assert.True(++pages <= Rows.Length + 1, "The pages never end.");
        }
        while (token is not null);
        return seen;
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 3)]
    [InlineData(true, 4)]
    [InlineData(true, 11)]
    public void Page_tokens_walk_a_string_key_in_order_with_ties_broken_by_id(bool descending, int pageSize)
    {
        var expected = descending
            ? Rows.OrderByDescending(r => r.Name, StringComparer.Ordinal).ThenByDescending(r => r.Id).ToList()
            : Rows.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id).ToList();

        Assert.Equal(expected, Walk(ByName(descending), pageSize));
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 3)]
    public void Page_tokens_walk_an_instant_key_in_order(bool descending, int pageSize)
    {
        var expected = descending
            ? Rows.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).ToList()
            : Rows.OrderBy(r => r.At).ThenBy(r => r.Id).ToList();

        Assert.Equal(expected, Walk(ByTime(descending), pageSize));
    }

    [Fact]
    public void The_last_page_has_no_token()
    {
        var keyset = ByName();
        var all = keyset.Apply(Rows.AsQueryable(), null).Take(50).ToList();

        Assert.Null(keyset.NextToken(all, 50));
        Assert.NotNull(keyset.NextToken(all.Take(5).ToList(), 5));
    }

    [Fact]
    public void A_token_is_url_safe()
    {
        var keyset = ByName();
        var page = keyset.Apply(Rows.AsQueryable(), null).Take(2).ToList();

        var token = keyset.NextToken(page, 2)!;

        Assert.Matches("^[A-Za-z0-9_-]+$", token);
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("%%%")]
    [InlineData("eyJTIjoibmFtZSIs")]
    [InlineData("e30")]
    public void A_token_Keystone_did_not_issue_is_refused_as_a_page_token_error(string token)
    {
        var error = Assert.Throws<ValidationException>(() => ByName().Apply(Rows.AsQueryable(), token).ToList());

        Assert.Equal(["pageToken"], error.Errors.Keys);
    }

    [Fact]
    public void A_tampered_token_is_refused_or_read_as_a_position_but_never_breaks_the_query()
    {
        var keyset = ByTime();
        var token = keyset.NextToken(keyset.Apply(Rows.AsQueryable(), null).Take(3).ToList(), 3)!;

        for (var i = 0; i < token.Length; i++)
        {
            foreach (var replacement in "A_-9z")
            {
                var tampered = token[..i] + replacement + token[(i + 1)..];
                var error = Record.Exception(() => keyset.Apply(Rows.AsQueryable(), tampered).ToList());
                Assert.True(error is null or ValidationException, $"Token {tampered} threw {error?.GetType().Name}: {error?.Message}");
            }
        }
        Assert.Throws<ValidationException>(() => keyset.Apply(Rows.AsQueryable(), token[..(token.Length / 2)]).ToList());
    }

    [Theory]
    [InlineData("{\"S\":\"at\",\"K\":\"yesterday\",\"I\":\"00000000-0000-0000-0000-000000000001\"}")]
    [InlineData("{\"S\":\"at\",\"K\":\"99999999999999999999\",\"I\":\"00000000-0000-0000-0000-000000000001\"}")]
    [InlineData("{\"S\":\"at\",\"K\":\"-5\",\"I\":\"00000000-0000-0000-0000-000000000001\"}")]
    [InlineData("{\"S\":\"at\",\"K\":\"5\",\"I\":\"not-a-guid\"}")]
    [InlineData("{\"S\":\"at\",\"K\":5,\"I\":\"00000000-0000-0000-0000-000000000001\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    public void A_forged_token_with_a_bad_position_is_refused(string json)
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var error = Assert.Throws<ValidationException>(() => ByTime().Apply(Rows.AsQueryable(), token).ToList());

        Assert.Equal(["pageToken"], error.Errors.Keys);
    }

    [Fact]
    public void A_token_of_another_sort_order_is_refused()
    {
        var byName = ByName();
        var token = byName.NextToken(byName.Apply(Rows.AsQueryable(), null).Take(3).ToList(), 3)!;

        var otherOrder = Assert.Throws<ValidationException>(() => ByName(descending: true).Apply(Rows.AsQueryable(), token).ToList());
        var otherKey = Assert.Throws<ValidationException>(() => ByTime().Apply(Rows.AsQueryable(), token).ToList());

        Assert.Contains("sort", otherOrder.Errors["pageToken"][0], StringComparison.Ordinal);
        Assert.Equal(["pageToken"], otherKey.Errors.Keys);
    }

    [Fact]
    public void A_token_names_the_sort_in_its_payload()
    {
        var keyset = ByName(descending: true);
        var token = keyset.NextToken(keyset.Apply(Rows.AsQueryable(), null).Take(1).ToList(), 1)!;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');

        using var payload = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));

        Assert.Equal("name:desc", payload.RootElement.GetProperty("S").GetString());
    }
}
