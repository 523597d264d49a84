using System.Text;
using CsCheck;
using Keystone.Core.Contacts;
using Keystone.Core.Contacts.VCards;

namespace Keystone.Core.Tests.Contacts.VCards;

public sealed class VCardWriterTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Range(0, 300).Select(i => (byte)(i * 7)), 0xFF, 0xD9];

    private static VCardContact Full() => new()
    {
        FirstName = "Zoë Anaïs",
        LastName = "Ñandú-日本",
        FormattedName = "Dr. Zoë Anaïs Ñandú-日本",
        Title = "Head of Sales, EMEA; Partnerships \\ Growth",
        Organization = "Müller & Söhne GmbH, Berlin",
        Department = "Einkauf; Zentral",
        Emails = [new VCardEmail("zoe@example.com", ["work"], 1), new VCardEmail("zoe.home@example.com", ["home"])],
        Phones = [new VCardPhone("+49 30 1234567", ["work", "voice"], 1), new VCardPhone("+49 170 7654321", ["cell"])],
        Addresses = [new VCardAddress(["work"], "Straße des 17. Juni 135", "Berlin", "Berlin", "10623", "Deutschland", "Haus 2, 3. OG")],
        Photo = VCardPhoto.FromData(Jpeg, "image/jpeg"),
        Note = "Erste Zeile\nZweite Zeile, mit Komma; Semikolon und \\ Backslash.\n" + string.Concat(Enumerable.Repeat("Lange Notiz über Verträge – 契約 🙂 ", 12)) + "Ende.",
        Birthday = new DateOnly(1980, 3, 22),
        Uid = "urn:uuid:6f1c2a9e-3f43-4c55-9d6b-1c0e8d7f2a10",
        Revision = new DateTimeOffset(2025, 7, 1, 8, 0, 0, TimeSpan.Zero),
    };

    private static VCardContact ReadBack(string text)
    {
        var card = Assert.Single(VCardReader.Read(text).Cards);
        Assert.True(card.IsImported, string.Join("; ", card.Errors));
        Assert.Empty(card.Warnings);
        return card.Contact!;
    }

    private static void AssertSame(VCardContact expected, VCardContact actual, bool ranks)
    {
        Assert.Equal(expected.FirstName, actual.FirstName);
        Assert.Equal(expected.LastName, actual.LastName);
        Assert.Equal(expected.FormattedName ?? $"{expected.FirstName} {expected.LastName}", actual.FormattedName); // FN is required
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Organization, actual.Organization);
        Assert.Equal(expected.Department, actual.Department);
        Assert.Equal(expected.Emails.Select(e => (e.Address, string.Join(',', e.Types), ranks ? e.Preference : e.Preference is null ? null : 1)),
            actual.Emails.Select(e => (e.Address, string.Join(',', e.Types), e.Preference)));
        Assert.Equal(expected.Phones.Select(p => (p.Number, string.Join(',', p.Types))), actual.Phones.Select(p => (p.Number, string.Join(',', p.Types))));
        Assert.Equal(expected.Addresses, actual.Addresses, (a, b) =>
            a.Street == b.Street && a.Locality == b.Locality && a.Region == b.Region && a.PostalCode == b.PostalCode
            && a.Country == b.Country && a.Extended == b.Extended && a.Types.SequenceEqual(b.Types));
        Assert.Equal(expected.Photo?.Data, actual.Photo?.Data);
        Assert.Equal(expected.Photo?.MediaType, actual.Photo?.MediaType);
        Assert.Equal(expected.Photo?.Uri, actual.Photo?.Uri);
        Assert.Equal(expected.Note, actual.Note);
        Assert.Equal(expected.Birthday, actual.Birthday);
        Assert.Equal(expected.Uid, actual.Uid);
        Assert.Equal(expected.Revision, actual.Revision);
        Assert.Equal(expected.Email, actual.Email);
        Assert.Equal(expected.Phone, actual.Phone);
    }

    private static void AssertFolded(string text)
    {
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        foreach (var line in text[..^2].Split("\r\n"))
        {
            // Encoding fails on a lone surrogate, i.e. on a character split between two lines.
            var octets = StrictUtf8.GetBytes(line);
            Assert.True(octets.Length <= 75, $"{octets.Length} octets: {line}");
            Assert.DoesNotContain('\n', line);
        }
    }

    [Theory]
    [InlineData(VCardVersion.V40)]
    [InlineData(VCardVersion.V30)]
    public void What_the_writer_writes_the_reader_reads_back(VCardVersion version)
    {
        var contact = Full();

        var text = VCardWriter.Write(contact, version);

        AssertFolded(text);
        Assert.Contains(version == VCardVersion.V40 ? "VERSION:4.0" : "VERSION:3.0", text, StringComparison.Ordinal);
        AssertSame(contact, ReadBack(text), ranks: version == VCardVersion.V40);
    }

    [Fact]
    public void Version_4_0_writes_a_data_uri_photo_and_pref_ranks_and_3_0_inline_base64()
    {
        var contact = Full() with { Emails = [new VCardEmail("a@example.com", ["work"], 2), new VCardEmail("b@example.com", ["work"], 1)] };

        var v4 = VCardWriter.Write(contact);
        var v3 = VCardWriter.Write(contact, VCardVersion.V30);

        Assert.Contains("PHOTO:data:image/jpeg;base64,/9j/", v4, StringComparison.Ordinal);
        Assert.Contains("EMAIL;TYPE=work;PREF=2:a@example.com", v4, StringComparison.Ordinal);
        Assert.Equal("b@example.com", ReadBack(v4).Email);
        Assert.Contains("PHOTO;ENCODING=b;TYPE=JPEG:/9j/", v3, StringComparison.Ordinal);
        Assert.Contains("EMAIL;TYPE=work,pref:a@example.com", v3, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_is_escaped()
    {
        var text = VCardWriter.Write(Full() with { Photo = null, Note = "a,b;c\\d\r\ne" });

        Assert.Contains(@"NOTE:a\,b\;c\\d\ne", text, StringComparison.Ordinal);
        Assert.Contains(@"N:Ñandú-日本;Zoë Anaïs;;;", text, StringComparison.Ordinal);
        Assert.Contains(@"ORG:Müller & Söhne GmbH\, Berlin;Einkauf\; Zentral", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_photo_link_round_trips_in_both_versions()
    {
        var contact = Full() with { Photo = VCardPhoto.FromUri(new Uri("https://example.com/photos/zoë.jpg?size=200&v=2")) };

        AssertSame(contact, ReadBack(VCardWriter.Write(contact)), ranks: true);
        AssertSame(contact, ReadBack(VCardWriter.Write(contact, VCardVersion.V30)), ranks: false);
    }

    [Fact]
    public void Folding_at_75_octets_never_splits_a_character()
    {
        // Three-octet characters after one ASCII one put a boundary inside a character at every line.
        var note = "x" + string.Concat(Enumerable.Repeat("日本語🙂é", 60));

        var text = VCardWriter.Write(Full() with { Note = note, Photo = null });

        AssertFolded(text);
        Assert.Equal(note, ReadBack(text).Note);
    }

    [Fact]
    public void Any_text_folds_and_reads_back_unchanged()
    {
        var pieces = Gen.OneOf<string>("a", "Z", " ", "é", "ß", "日本", "🙂", "👩‍💻", ",", ";", ":", "\\", "\\n", "\n", "=", "\"", "^", "\t", "Ω", "x");
        var text = pieces.Array[1, 120].Select(p => string.Concat(p));

        Gen.Select(text, text).Sample((note, title) =>
        {
            var contact = new VCardContact { FirstName = "Anna", LastName = "Weber", Note = note, Title = title };
            var written = VCardWriter.Write(contact);

            AssertFolded(written);
            var read = ReadBack(written);
            Assert.Equal(Normal(note), read.Note);
            Assert.Equal(Normal(title), read.Title);
        }, iter: 300);

        // The reader trims values and treats an empty one as absent.
        static string? Normal(string value) => value.Trim().Length == 0 ? null : value.Trim();
    }

    [Fact]
    public void Many_contacts_round_trip_in_one_file()
    {
        VCardContact[] contacts =
        [
            Full(),
            new() { FirstName = "Ben", LastName = "Okafor", Emails = [new VCardEmail("ben@example.com", [])] },
            new() { FirstName = "Chen", LastName = "Wei", Phones = [new VCardPhone("+86 10 1234 5678", ["work"])] },
        ];

        var read = VCardReader.Read(VCardWriter.Write(contacts)).Contacts.ToList();

        Assert.Equal(3, read.Count);
        for (var i = 0; i < contacts.Length; i++)
        {
            AssertSame(contacts[i], read[i], ranks: true);
        }
    }

    [Fact]
    public void A_keystone_contact_exports_with_its_id_as_uid()
    {
        var contact = new Contact
        {
            FirstName = "Anna",
            LastName = "Weber",
            Title = "CFO",
            Email = "anna.weber@example.com",
            Phone = "+49 30 1234567",
            UpdatedAt = new DateTimeOffset(2025, 7, 1, 10, 0, 0, TimeSpan.FromHours(2)),
        };

        var read = ReadBack(VCardWriter.Write(VCardContact.FromContact(contact, "Acme AG")));

        Assert.Equal($"urn:uuid:{contact.Id:D}", read.Uid);
        Assert.Equal(("Anna", "Weber", "CFO", "Acme AG"), (read.FirstName, read.LastName, read.Title, read.Organization));
        Assert.Equal(("anna.weber@example.com", "+49 30 1234567"), (read.Email, read.Phone));
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 8, 0, 0, TimeSpan.Zero), read.Revision);
    }

    [Fact]
    public void Version_2_1_is_read_but_not_written()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VCardWriter.Write(Full(), VCardVersion.V21));
    }
}
