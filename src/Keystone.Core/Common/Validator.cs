using System.Globalization;
using System.Net.Mail;

namespace Keystone.Core.Common;

/// <summary>Collects per-field errors and throws them together, so a person fixes every field in one go.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    public string? Required(string field, string? value, int maxLength, string label)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            Add(field, $"{label} is required.");
            return null;
        }
        return MaxLength(field, trimmed, maxLength, label);
    }

    public string? Optional(string field, string? value, int maxLength, string label)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : MaxLength(field, trimmed, maxLength, label);
    }

    private string MaxLength(string field, string value, int maxLength, string label)
    {
        if (value.Length > maxLength)
        {
            Add(field, $"{label} is {value.Length} characters long; shorten it to at most {maxLength}.");
        }
        return value;
    }

    public string? Country(string field, string? value)
    {
        var code = Optional(field, value, 2, "Country")?.ToUpperInvariant();
        if (code is null)
        {
            return null;
        }
        if (!Countries.IsKnown(code))
        {
            Add(field, $"'{value}' is not an ISO 3166 two-letter country code; use one such as DE, US or JP.");
        }
        return code;
    }

    public string? Currency(string field, string? value)
    {
        var code = Optional(field, value, 3, "Currency")?.ToUpperInvariant();
        if (code is null)
        {
            return null;
        }
        if (!Currencies.IsKnown(code))
        {
            Add(field, $"'{value}' is not an ISO 4217 currency code; use one such as EUR, USD or JPY.");
        }
        return code;
    }

    public string? TimeZone(string field, string? value)
    {
        var id = Optional(field, value, 64, "Time zone");
        if (id is null)
        {
            return null;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            Add(field, $"'{value}' is not a known time zone; use an IANA name such as Europe/Berlin or America/New_York.");
            return id;
        }
        return zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
    }

    public string? Email(string field, string? value, bool required = false)
    {
        var email = required ? Required(field, value, 254, "Email") : Optional(field, value, 254, "Email");
        if (email is null)
        {
            return null;
        }
        if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('.', StringComparison.Ordinal))
        {
            Add(field, $"'{email}' is not an email address; write it as name@example.com.");
        }
        return email;
    }

    public string? Url(string field, string? value)
    {
        var url = Optional(field, value, 2048, "Website");
        if (url is null)
        {
            return null;
        }
        if (!url.Contains("://", StringComparison.Ordinal))
        {
            url = "https://" + url;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !uri.Host.Contains('.', StringComparison.Ordinal))
        {
            Add(field, $"'{value}' is not a web address; write it as https://example.com.");
        }
        return url;
    }

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}

internal static class Countries
{
    private static readonly HashSet<string> Codes = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c =>
        {
            try
            {
                return new RegionInfo(c.Name).TwoLetterISORegionName;
            }
            catch (ArgumentException)
            {
                return null;
            }
        })
        .Where(c => c is { Length: 2 } && char.IsLetter(c[0]))
        .Select(c => c!)
        .ToHashSet(StringComparer.Ordinal);

    public static bool IsKnown(string code) => Codes.Contains(code);
}

internal static class Currencies
{
    private static readonly HashSet<string> Codes = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c =>
        {
            try
            {
                return new RegionInfo(c.Name).ISOCurrencySymbol;
            }
            catch (ArgumentException)
            {
                return null;
            }
        })
        .Where(c => c is { Length: 3 })
        .Select(c => c!)
        .ToHashSet(StringComparer.Ordinal);

    public static bool IsKnown(string code) => Codes.Contains(code);
}
