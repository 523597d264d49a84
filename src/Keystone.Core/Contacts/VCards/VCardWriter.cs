using System.Globalization;
using System.Text;

namespace Keystone.Core.Contacts.VCards;

/// <summary>
/// Writes contacts as vCard 4.0 (RFC 6350) or 3.0 (RFC 2426): CRLF line ends, text escaped, lines
/// folded at 75 octets without splitting a UTF-8 sequence. What it writes, <see cref="VCardReader"/> reads back.
/// </summary>
public static class VCardWriter
{
    private const int MaxLineOctets = 75;

    public static string Write(VCardContact contact, VCardVersion version = VCardVersion.V40) => Write([contact], version);

    public static string Write(IEnumerable<VCardContact> contacts, VCardVersion version = VCardVersion.V40)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        if (version is not (VCardVersion.V30 or VCardVersion.V40))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "Keystone writes vCard 3.0 and 4.0 only.");
        }
        var sb = new StringBuilder();
        foreach (var contact in contacts)
        {
            WriteCard(sb, contact, version);
        }
        return sb.ToString();
    }

    private static void WriteCard(StringBuilder sb, VCardContact c, VCardVersion version)
    {
        var v4 = version == VCardVersion.V40;
        Line(sb, "BEGIN:VCARD");
        Line(sb, v4 ? "VERSION:4.0" : "VERSION:3.0");
        if (c.Uid is not null)
        {
            Line(sb, "UID:" + c.Uid);
        }
        Line(sb, "FN:" + Escape(c.FormattedName ?? $"{c.FirstName} {c.LastName}".Trim()));
        Line(sb, "N:" + Structured(c.LastName, c.FirstName, null, null, null));
        if (c.Organization is not null || c.Department is not null)
        {
            Line(sb, "ORG:" + (c.Department is null ? Escape(c.Organization ?? "") : Structured(c.Organization, c.Department)));
        }
        if (c.Title is not null)
        {
            Line(sb, "TITLE:" + Escape(c.Title));
        }
        foreach (var email in c.Emails)
        {
            Line(sb, "EMAIL" + Parameters(email.Types, email.Preference, v4) + ":" + Escape(email.Address));
        }
        foreach (var phone in c.Phones)
        {
            Line(sb, "TEL" + Parameters(phone.Types, phone.Preference, v4) + ":" + Escape(phone.Number));
        }
        foreach (var a in c.Addresses)
        {
            Line(sb, "ADR" + Parameters(a.Types, null, v4) + ":" + Structured(a.PostOfficeBox, a.Extended, a.Street, a.Locality, a.Region, a.PostalCode, a.Country));
        }
        if (c.Note is not null)
        {
            Line(sb, "NOTE:" + Escape(c.Note));
        }
        if (c.Birthday is { } birthday)
        {
            Line(sb, "BDAY:" + birthday.ToString(v4 ? "yyyyMMdd" : "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        if (c.Photo is { } photo)
        {
            Line(sb, Photo(photo, v4));
        }
        if (c.Revision is { } revision)
        {
            Line(sb, "REV:" + revision.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        }
        Line(sb, "END:VCARD");
    }

    private static string Photo(VCardPhoto photo, bool v4)
    {
        if (photo.Uri is { } uri)
        {
            return (v4 ? "PHOTO:" : "PHOTO;VALUE=uri:") + uri.AbsoluteUri;
        }
        var base64 = Convert.ToBase64String(photo.Data!);
        if (v4)
        {
            return $"PHOTO:data:{photo.MediaType ?? "application/octet-stream"};base64,{base64}";
        }
        var type = photo.MediaType is { } mediaType && mediaType.StartsWith("image/", StringComparison.Ordinal)
            ? ";TYPE=" + mediaType["image/".Length..].ToUpperInvariant()
            : "";
        return $"PHOTO;ENCODING=b{type}:{base64}";
    }

    /// <summary>TYPE=work,voice and the preference: PREF=n in 4.0, TYPE=pref in 3.0 (which has no ranks).</summary>
    private static string Parameters(IReadOnlyList<string> types, int? preference, bool v4)
    {
        var kinds = types.Where(t => t.Length > 0 && t.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-')).ToList();
        if (!v4 && preference is not null)
        {
            kinds.Add("pref");
        }
        var sb = new StringBuilder();
        if (kinds.Count > 0)
        {
            sb.Append(";TYPE=").AppendJoin(',', kinds);
        }
        if (v4 && preference is { } pref)
        {
            sb.Append(";PREF=").Append(Math.Clamp(pref, 1, 100).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string Structured(params string?[] components) => string.Join(';', components.Select(c => Escape(c ?? "")));

    internal static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        var text = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\\' => @"\\",
                '\n' => @"\n",
                ',' => @"\,",
                ';' => @"\;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>Appends a content line folded at 75 octets; a continuation starts with a space, which counts.</summary>
    private static void Line(StringBuilder sb, string line)
    {
        foreach (var part in Fold(line))
        {
            sb.Append(part).Append("\r\n");
        }
    }

    internal static IEnumerable<string> Fold(string line)
    {
        var current = new StringBuilder();
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxLineOctets)
            {
                yield return current.ToString();
                current.Clear().Append(' ');
                octets = 1;
            }
            current.Append(rune.ToString());
            octets += size;
        }
        yield return current.ToString();
    }
}
