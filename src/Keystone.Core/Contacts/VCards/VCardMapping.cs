using System.Globalization;
using Keystone.Core.Common;

namespace Keystone.Core.Contacts.VCards;

/// <summary>From the content lines of one card to a <see cref="VCardContact"/>, or to the reasons it cannot be one.</summary>
internal static class VCardMapping
{
    private static readonly HashSet<string> Honorifics = new(StringComparer.OrdinalIgnoreCase)
    {
        "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.", "Prof", "Prof.", "Herr", "Frau",
    };

    private static readonly HashSet<string> Suffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "PhD", "Ph.D.", "MD", "M.D.", "Esq", "Esq.",
    };

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyyMMdd"];

    private static readonly string[] TimestampFormats =
    [
        "yyyyMMdd'T'HHmmss'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyyMMdd'T'HHmmsszzz", "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyyMMdd'T'HHmmss", "yyyy-MM-dd'T'HH:mm:ss", "yyyyMMdd'T'HHmm'Z'", "yyyyMMdd", "yyyy-MM-dd",
    ];

    public static VCardCardResult Map(int index, int startLine, IReadOnlyList<VCardLine> lines, List<VCardProblem> warnings)
    {
        var errors = new List<VCardProblem>();
        void Error(int line, string message) => errors.Add(new VCardProblem(index, line, message));
        void Warn(int line, string message) => warnings.Add(new VCardProblem(index, line, message));
        VCardCardResult Result(VCardContact? contact) => new(index, startLine, errors.Count == 0 ? contact : null, errors, warnings);

        var versionLine = lines.FirstOrDefault(l => l.Is("VERSION"));
        VCardVersion version;
        switch (versionLine?.Value.Trim())
        {
            case null:
                version = VCardVersion.V30;
                Warn(startLine, "The card has no VERSION; it was read as vCard 3.0.");
                break;
            case "2.1":
                version = VCardVersion.V21;
                break;
            case "3.0":
                version = VCardVersion.V30;
                break;
            case "4.0":
                version = VCardVersion.V40;
                break;
            default:
                Error(versionLine.LineNumber, $"VERSION {VCardLexer.Shorten(versionLine.Value.Trim())} is not a vCard version Keystone reads; export the contacts as vCard 2.1, 3.0 or 4.0.");
                return Result(null);
        }

        var formattedName = First(lines, "FN") is { } fnLine ? VCardValues.PlainText(fnLine, version) : null;
        var emails = ReadEmails(lines, version, Error, Warn);
        var who = formattedName ?? emails.FirstOrDefault()?.Address;
        var (firstName, lastName) = ReadName(lines, version, formattedName, who, startLine, Error);

        var organization = First(lines, "ORG") is { } orgLine ? VCardValues.Components(orgLine, version, listsInComponents: false) : [];
        var title = First(lines, "TITLE") is { } titleLine ? VCardValues.PlainText(titleLine, version) : null;

        var v = new Validator();
        if (firstName is not null)
        {
            v.Required("firstName", firstName, VCardRules.NameLength, "First name");
        }
        if (lastName is not null)
        {
            v.Required("lastName", lastName, VCardRules.NameLength, "Last name");
        }
        v.Optional("title", title, VCardRules.TitleLength, "Title");
        try
        {
            v.ThrowIfInvalid();
        }
        catch (ValidationException ex)
        {
            foreach (var message in ex.Errors.SelectMany(e => e.Value))
            {
                Error(startLine, message);
            }
        }
        if (errors.Count > 0)
        {
            return Result(null);
        }

        var notes = lines.Where(l => l.Is("NOTE")).Select(l => VCardValues.PlainText(l, version)).OfType<string>().ToList();
        var contact = new VCardContact
        {
            FirstName = firstName!,
            LastName = lastName!,
            FormattedName = formattedName,
            Title = title,
            Organization = organization.ElementAtOrDefault(0),
            Department = organization.ElementAtOrDefault(1),
            Emails = emails,
            Phones = ReadPhones(lines, version, Warn),
            Addresses = lines.Where(l => l.Is("ADR")).Select(l => ReadAddress(l, version)).ToList(),
            Photo = ReadPhoto(lines, version, Warn),
            Note = notes.Count == 0 ? null : string.Join("\n\n", notes),
            Birthday = First(lines, "BDAY") is { } bday ? ReadDate(VCardValues.PlainText(bday, version)) : null,
            Uid = First(lines, "UID") is { } uid ? VCardValues.Clean(uid.Value) : null,
            Revision = First(lines, "REV") is { } rev ? ReadTimestamp(VCardValues.Clean(rev.Value)) : null,
        };
        return Result(contact);
    }

    private static VCardLine? First(IReadOnlyList<VCardLine> lines, string name) => lines.FirstOrDefault(l => l.Is(name));

    /// <summary>
    /// First and last name from N, filled from FN where N lacks one. Null for a name that cannot be
    /// found, with an error that says which.
    /// </summary>
    private static (string? First, string? Last) ReadName(
        IReadOnlyList<VCardLine> lines, VCardVersion version, string? formattedName, string? who, int startLine, Action<int, string> error)
    {
        var nLine = First(lines, "N");
        var components = nLine is null ? [] : VCardValues.Components(nLine, version, listsInComponents: true);
        var family = components.ElementAtOrDefault(0);
        var given = components.ElementAtOrDefault(1);
        var line = nLine?.LineNumber ?? startLine;
        if (given is not null && family is not null)
        {
            return (given, family);
        }
        if (given is null && family is null)
        {
            if (formattedName is null)
            {
                var of = who is null ? "" : $" ({who})";
                error(line, $"The card{of} has no name: it has neither N nor FN. Keystone needs a first and a last name; add them in the address book and export again.");
                return (null, null);
            }
            var split = SplitFormattedName(formattedName);
            if (split is null)
            {
                error(line, $"The name '{formattedName}' is a single word; Keystone needs a first and a last name. Add both in the address book and export again.");
                return (null, null);
            }
            return split.Value;
        }
        var known = (given ?? family)!;
        var missing = given is null ? "first" : "last";
        string? found = null;
        if (formattedName is not null)
        {
            var at = formattedName.IndexOf(known, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                found = VCardValues.Clean(formattedName.Remove(at, known.Length).Trim(' ', ','));
            }
        }
        if (found is null)
        {
            error(line, $"The name '{formattedName ?? known}' has no {missing} name; Keystone needs a first and a last name. Add it in the address book and export again.");
            return (null, null);
        }
        return given is null ? (found, family) : (given, found);
    }

    /// <summary>"Anna Weber" and "Weber, Anna" to (Anna, Weber); honorifics and suffixes are left out. Null for one word.</summary>
    private static (string First, string Last)? SplitFormattedName(string formattedName)
    {
        var comma = formattedName.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (comma.Length == 2 && !Suffixes.Contains(comma[1]))
        {
            return (comma[1], comma[0]);
        }
        var words = formattedName.Replace(",", " ", StringComparison.Ordinal)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        while (words.Count > 2 && Honorifics.Contains(words[0]))
        {
            words.RemoveAt(0);
        }
        while (words.Count > 2 && Suffixes.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }
        if (words.Count < 2)
        {
            return null;
        }
        return (string.Join(' ', words.Take(words.Count - 1)), words[^1]);
    }

    private static List<VCardEmail> ReadEmails(IReadOnlyList<VCardLine> lines, VCardVersion version, Action<int, string> error, Action<int, string> warn)
    {
        var all = new List<(VCardEmail Email, int Line)>();
        foreach (var line in lines.Where(l => l.Is("EMAIL")))
        {
            var address = VCardValues.PlainText(line, version);
            if (address is null)
            {
                continue;
            }
            if (address.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                address = address["mailto:".Length..];
            }
            all.Add((new VCardEmail(address, VCardValues.Types(line), VCardValues.Preference(line)), line.LineNumber));
        }
        var valid = all.Where(e => VCardRules.IsValidEmail(e.Email.Address)).Select(e => e.Email).ToList();
        foreach (var (email, line) in all.Where(e => !VCardRules.IsValidEmail(e.Email.Address)))
        {
            var message = $"'{VCardLexer.Shorten(email.Address)}' is not an email address";
            if (valid.Count == 0)
            {
                error(line, message + "; write it as name@example.com in the address book and export again.");
                break;
            }
            warn(line, message + "; it was left out.");
        }
        return valid;
    }

    private static List<VCardPhone> ReadPhones(IReadOnlyList<VCardLine> lines, VCardVersion version, Action<int, string> warn)
    {
        var phones = new List<VCardPhone>();
        foreach (var line in lines.Where(l => l.Is("TEL")))
        {
            var number = VCardValues.PlainText(line, version);
            if (number is null)
            {
                continue;
            }
            number = FromTelUri(number);
            if (!VCardRules.IsValidPhone(number))
            {
                warn(line.LineNumber, $"'{VCardLexer.Shorten(number)}' is not a phone number (digits, spaces and + - ( ) only, at most {VCardRules.PhoneLength} characters); it was left out.");
                continue;
            }
            phones.Add(new VCardPhone(number, VCardValues.Types(line), VCardValues.Preference(line)));
        }
        return phones;
    }

    /// <summary>4.0 writes numbers as tel: URIs ("tel:+1-418-656-9254;ext=102"); Keystone shows "+1-418-656-9254 x102".</summary>
    private static string FromTelUri(string value)
    {
        if (!value.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }
        var parts = value[4..].Split(';');
        var extension = parts.Skip(1)
            .Select(p => p.Split('=', 2))
            .FirstOrDefault(p => p.Length == 2 && p[0].Equals("ext", StringComparison.OrdinalIgnoreCase))?[1];
        return extension is null ? parts[0] : $"{parts[0]} x{extension}";
    }

    private static VCardAddress ReadAddress(VCardLine line, VCardVersion version)
    {
        // Commas in an address are text ("Suite 5, Building B"), even where 4.0 would allow lists.
        var c = VCardValues.Components(line, version, listsInComponents: false);
        return new VCardAddress(
            VCardValues.Types(line),
            Street: c.ElementAtOrDefault(2),
            Locality: c.ElementAtOrDefault(3),
            Region: c.ElementAtOrDefault(4),
            PostalCode: c.ElementAtOrDefault(5),
            Country: c.ElementAtOrDefault(6),
            Extended: c.ElementAtOrDefault(1),
            PostOfficeBox: c.ElementAtOrDefault(0));
    }

    /// <summary>The first PHOTO that yields a picture: inline base64 (2.1, 3.0), a data: URI (4.0) or a link.</summary>
    private static VCardPhoto? ReadPhoto(IReadOnlyList<VCardLine> lines, VCardVersion version, Action<int, string> warn)
    {
        foreach (var line in lines.Where(l => l.Is("PHOTO")))
        {
            var value = line.Value.Trim();
            if (value.Length == 0)
            {
                continue;
            }
            if (VCardValues.IsBinary(line))
            {
                if (DecodeBase64(value) is { } bytes)
                {
                    return VCardPhoto.FromData(bytes, Sniff(bytes) ?? MediaType(line));
                }
                warn(line.LineNumber, "The PHOTO is not valid base64; the picture was left out.");
                continue;
            }
            if (value.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                if (DecodeDataUri(value) is { } data)
                {
                    return VCardPhoto.FromData(data.Bytes, Sniff(data.Bytes) ?? data.MediaType ?? MediaType(line));
                }
                warn(line.LineNumber, "The PHOTO's data: URI cannot be decoded; the picture was left out.");
                continue;
            }
            var link = version == VCardVersion.V40 ? value : value.Replace("\\:", ":", StringComparison.Ordinal);
            if (Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return VCardPhoto.FromUri(uri);
            }
            // Some exporters leave out ENCODING; take the value as base64 if it is a picture.
            if (DecodeBase64(value) is { } guessed && Sniff(guessed) is { } sniffed)
            {
                return VCardPhoto.FromData(guessed, sniffed);
            }
            warn(line.LineNumber, "The PHOTO is neither inline data nor a web link; the picture was left out.");
        }
        return null;
    }

    private static byte[]? DecodeBase64(string value)
    {
        // Exporters get the padding wrong both ways (none, or one '=' too many); the data decides.
        var compact = new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray()).TrimEnd('=');
        if (compact.Length % 4 == 1)
        {
            return null;
        }
        if (compact.Length % 4 != 0)
        {
            compact = compact.PadRight(compact.Length + (4 - (compact.Length % 4)), '=');
        }
        try
        {
            var bytes = Convert.FromBase64String(compact);
            return bytes.Length == 0 ? null : bytes;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static (byte[] Bytes, string? MediaType)? DecodeDataUri(string value)
    {
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return null;
        }
        var meta = value[5..comma].Split(';', StringSplitOptions.TrimEntries);
        var mediaType = meta[0].Length > 0 ? meta[0].ToLowerInvariant() : null;
        var payload = value[(comma + 1)..];
        if (meta.Skip(1).Any(m => m.Equals("base64", StringComparison.OrdinalIgnoreCase)))
        {
            return DecodeBase64(payload) is { } bytes ? (bytes, mediaType) : null;
        }
        var text = Uri.UnescapeDataString(payload);
        return text.Length == 0 ? null : (System.Text.Encoding.Latin1.GetBytes(text), mediaType);
    }

    /// <summary>The media type of common picture formats from their first bytes.</summary>
    internal static string? Sniff(byte[] bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        [(byte)'B', (byte)'M', ..] => "image/bmp",
        [(byte)'I', (byte)'I', 0x2A, 0x00, ..] or [(byte)'M', (byte)'M', 0x00, 0x2A, ..] => "image/tiff",
        _ => null,
    };

    /// <summary>The media type the card states: 4.0's MEDIATYPE, or TYPE=JPEG / a bare JPEG in 2.1 and 3.0.</summary>
    private static string? MediaType(VCardLine line)
    {
        if (line.Parameter("MEDIATYPE") is { Length: > 0 } mediaType)
        {
            return mediaType.ToLowerInvariant();
        }
        foreach (var type in VCardValues.Types(line))
        {
            if (type.Contains('/', StringComparison.Ordinal))
            {
                return type;
            }
            var known = type switch
            {
                "jpeg" or "jpg" => "image/jpeg",
                "png" => "image/png",
                "gif" => "image/gif",
                "bmp" => "image/bmp",
                "tiff" => "image/tiff",
                _ => null,
            };
            if (known is not null)
            {
                return known;
            }
        }
        return null;
    }

    /// <summary>A full date (1980-03-22, 19800322, or a date-time's date); null for partial dates such as --0203.</summary>
    private static DateOnly? ReadDate(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var date = value.Split('T')[0];
        return DateOnly.TryParseExact(date, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
    }

    private static DateTimeOffset? ReadTimestamp(string? value) =>
        value is not null && DateTimeOffset.TryParseExact(value, TimestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
}
