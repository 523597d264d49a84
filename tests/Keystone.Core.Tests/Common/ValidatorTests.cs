using Keystone.Core.Common;

namespace Keystone.Core.Tests.Common;

public sealed class ValidatorTests
{
    [Theory]
    [InlineData("de", "DE")]
    [InlineData(" jp ", "JP")]
    [InlineData("US", "US")]
    public void A_known_country_code_is_kept_in_upper_case(string input, string expected)
    {
        var v = new Validator();

        Assert.Equal(expected, v.Country("country", input));
        Assert.True(v.IsValid);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("ZZ")]
    [InlineData("12")]
    public void An_unknown_country_code_is_named_with_an_example_of_a_good_one(string input)
    {
        var message = SingleError(v => v.Country("country", input), "country");

        Assert.Contains($"'{input}'", message, StringComparison.Ordinal);
        Assert.Contains("ISO 3166", message, StringComparison.Ordinal);
        Assert.Contains("DE", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_country_name_is_too_long_to_be_a_code()
    {
        var v = new Validator();
        v.Country("country", "Germany");

        var messages = Assert.Throws<ValidationException>(v.ThrowIfInvalid).Errors["country"];

        Assert.Contains(messages, m => m.Contains("at most 2", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("'Germany' is not an ISO 3166", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("eur", "EUR")]
    [InlineData("JPY", "JPY")]
    public void A_known_currency_is_kept_in_upper_case(string input, string expected)
    {
        var v = new Validator();

        Assert.Equal(expected, v.Currency("currency", input));
        Assert.True(v.IsValid);
    }

    [Fact]
    public void An_unknown_currency_is_named()
    {
        var message = SingleError(v => v.Currency("currency", "QQQ"), "currency");

        Assert.Contains("'QQQ'", message, StringComparison.Ordinal);
        Assert.Contains("ISO 4217", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("America/New_York", "America/New_York")]
    [InlineData("W. Europe Standard Time", "Europe/Berlin")]
    public void A_time_zone_is_stored_by_its_iana_name(string input, string expected)
    {
        var v = new Validator();

        Assert.Equal(expected, v.TimeZone("timeZone", input));
        Assert.True(v.IsValid);
    }

    [Fact]
    public void An_unknown_time_zone_is_named_with_an_example()
    {
        var message = SingleError(v => v.TimeZone("timeZone", "Mars/Olympus_Mons"), "timeZone");

        Assert.Contains("Mars/Olympus_Mons", message, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grace@example.com")]
    [InlineData(" grace.hopper+kam@mail.example.org ")]
    public void A_plain_email_address_passes(string input)
    {
        var v = new Validator();

        Assert.Equal(input.Trim(), v.Email("email", input));
        Assert.True(v.IsValid);
    }

    [Theory]
    [InlineData("grace")]
    [InlineData("grace@")]
    [InlineData("grace@localhost")]
    [InlineData("Grace Hopper <grace@example.com>")]
    [InlineData("two words@example.com")]
    public void Something_that_is_not_an_email_address_is_named(string input)
    {
        var message = SingleError(v => v.Email("email", input), "email");

        Assert.Contains(input.Trim(), message, StringComparison.Ordinal);
        Assert.Contains("name@example.com", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_email_is_required()
    {
        var message = SingleError(v => v.Email("email", "  ", required: true), "email");

        Assert.Equal("Email is required.", message);
    }

    [Theory]
    [InlineData("example.com", "https://example.com")]
    [InlineData("http://example.com/about", "http://example.com/about")]
    [InlineData("https://www.example.co.uk", "https://www.example.co.uk")]
    public void A_web_address_gets_a_scheme_when_it_has_none(string input, string expected)
    {
        var v = new Validator();

        Assert.Equal(expected, v.Url("website", input));
        Assert.True(v.IsValid);
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("localhost")]
    [InlineData("not a web address")]
    [InlineData("javascript:alert(1)")]
    public void Something_that_is_not_a_web_address_is_named(string input)
    {
        var message = SingleError(v => v.Url("website", input), "website");

        Assert.Contains(input, message, StringComparison.Ordinal);
        Assert.Contains("https://example.com", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_and_length_rules_say_what_to_do()
    {
        var v = new Validator();

        Assert.Null(v.Required("name", "   ", 10, "Name"));
        Assert.Equal("Twelve chars", v.Required("legalName", " Twelve chars ", 10, "Legal name"));
        Assert.Null(v.Optional("industry", "  ", 10, "Industry"));

        var error = Assert.Throws<ValidationException>(v.ThrowIfInvalid);
        Assert.Equal(["Name is required."], error.Errors["name"]);
        Assert.Equal(["Legal name is 12 characters long; shorten it to at most 10."], error.Errors["legalName"]);
        Assert.False(error.Errors.ContainsKey("industry"));
    }

    [Fact]
    public void Every_error_of_every_field_is_reported_at_once()
    {
        var v = new Validator();
        v.Add("name", "First.");
        v.Add("name", "Second.");
        v.Country("country", "XX");

        var error = Assert.Throws<ValidationException>(v.ThrowIfInvalid);

        Assert.Equal(["First.", "Second."], error.Errors["name"]);
        Assert.Single(error.Errors["country"]);
        Assert.Contains("name: First. Second.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_validator_does_not_throw()
    {
        var v = new Validator();
        v.Required("name", "Acme", 200, "Name");

        v.ThrowIfInvalid();

        Assert.True(v.IsValid);
    }

    private static string SingleError(Action<Validator> check, string field)
    {
        var v = new Validator();
        check(v);
        var error = Assert.Throws<ValidationException>(v.ThrowIfInvalid);
        Assert.Equal([field], error.Errors.Keys);
        return Assert.Single(error.Errors[field]);
    }
}
