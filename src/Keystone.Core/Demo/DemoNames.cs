using System.Globalization;
using System.Text;
using Bogus;

namespace Keystone.Core.Demo;

/// <summary>
/// People's names as they are given in each country. Every locale's Faker draws from the one
/// <see cref="Randomizer"/> it is given, so a seeded randomizer gives the same names every time.
/// </summary>
internal sealed class DemoNames(Randomizer random)
{
    private readonly Dictionary<string, Faker> _fakers = new(StringComparer.Ordinal);

    public string FirstName(DemoCountry country) =>
        country.FirstNames is { } names ? random.ArrayElement(names) : Faker(country.Locale!).Name.FirstName();

    public string LastName(DemoCountry country) =>
        country.LastNames is { } names ? random.ArrayElement(names) : Faker(country.Locale!).Name.LastName();

    private Faker Faker(string locale)
    {
        if (!_fakers.TryGetValue(locale, out var faker))
        {
            _fakers[locale] = faker = new Faker(locale) { Random = random };
        }
        return faker;
    }
}

internal static class DemoText
{
    /// <summary>Lower-case ASCII letters, digits and single hyphens: a domain label or a slug.</summary>
    public static string Slug(string text, bool spellUmlautsOut) => Ascii(text, spellUmlautsOut, separator: '-');

    /// <summary>The part of an email address made of a name: "Jürgen Groß" is jürgen.gross, or juergen.gross in German.</summary>
    public static string EmailPart(string name, bool spellUmlautsOut) => Ascii(name, spellUmlautsOut, separator: null);

    private static string Ascii(string text, bool spellUmlautsOut, char? separator)
    {
        var spelled = new StringBuilder(text.Length);
        foreach (var ch in text.ToLowerInvariant())
        {
            spelled.Append(ch switch
            {
                'ä' when spellUmlautsOut => "ae",
                'ö' when spellUmlautsOut => "oe",
                'ü' when spellUmlautsOut => "ue",
                'ß' => "ss",
                'æ' => "ae",
                'ø' => "o",
                'œ' => "oe",
                'ł' => "l",
                'đ' => "d",
                _ => ch.ToString(),
            });
        }
        var result = new StringBuilder(spelled.Length);
        foreach (var ch in spelled.ToString().Normalize(NormalizationForm.FormD))
        {
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                result.Append(ch);
            }
            else if (separator is { } s && CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark
                && result.Length > 0 && result[^1] != s)
            {
                result.Append(s);
            }
        }
        return result.ToString().TrimEnd('-');
    }
}
