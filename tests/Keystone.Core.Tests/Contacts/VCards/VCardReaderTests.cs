using System.Text;
using CsCheck;
using Keystone.Core.Contacts.VCards;

namespace Keystone.Core.Tests.Contacts.VCards;

public sealed class VCardReaderTests
{
    private static VCardContact Single(string text)
    {
        var card = Assert.Single(VCardReader.Read(text).Cards);
        Assert.True(card.IsImported, string.Join("; ", card.Errors));
        return card.Contact!;
    }

    private static string Card(string version, params string[] lines) =>
        string.Join("\r\n", new[] { "BEGIN:VCARD", "VERSION:" + version }.Concat(lines).Append("END:VCARD")) + "\r\n";

    [Fact]
    public void Folded_lines_are_joined_whether_they_go_on_with_a_space_or_a_tab_and_with_lf_only()
    {
        var contact = Single("BEGIN:VCARD\nVERSION:3.0\nN:Web\n er;An\n\tna;;;\nEMAIL:anna.we\n ber@example.com\nEND:VCARD\n");

        Assert.Equal(("Anna", "Weber"), (contact.FirstName, contact.LastName));
        Assert.Equal("anna.weber@example.com", contact.Email);
    }

    [Fact]
    public void Grouped_properties_and_type_lists_are_read()
    {
        var contact = Single(Card("3.0",
            "N:Weber;Anna;;;",
            "item1.EMAIL;TYPE=INTERNET,WORK:anna@example.com",
            "item1.X-ABLabel:Office",
            "EMAIL;TYPE=home;TYPE=pref:anna.home@example.com"));

        Assert.Equal(["work"], contact.Emails[0].Types);
        Assert.Null(contact.Emails[0].Preference);
        Assert.Equal(["home"], contact.Emails[1].Types);
        Assert.Equal(1, contact.Emails[1].Preference);
        Assert.Equal("anna.home@example.com", contact.Email);
    }

    [Fact]
    public void Bare_2_1_parameters_are_types_and_pref()
    {
        var contact = Single(Card("2.1",
            "N:Weber;Anna",
            "TEL;CELL;PREF:+49 170 1234567",
            "TEL;WORK;VOICE:+49 30 1234567",
            "TEL;WORK;FAX:+49 30 7654321"));

        Assert.Equal(["cell"], contact.Phones[0].Types);
        Assert.Equal(1, contact.Phones[0].Preference);
        Assert.Equal(["work", "voice"], contact.Phones[1].Types);
        Assert.Equal("+49 30 1234567", contact.Phone); // work first; a fax never
    }

    [Fact]
    public void Pref_ranks_of_4_0_pick_the_email_and_phone()
    {
        var contact = Single(Card("4.0",
            "FN:Anna Weber",
            "N:Weber;Anna;;;",
            "EMAIL;TYPE=work;PREF=2:second@example.com",
            "EMAIL;TYPE=work;PREF=1:first@example.com",
            "TEL;TYPE=\"work,voice\";PREF=2:+49 30 2",
            "TEL;TYPE=\"work,voice\";PREF=1:+49 30 1",
            "TEL;TYPE=cell;PREF=1:+49 170 1"));

        Assert.Equal("first@example.com", contact.Email);
        Assert.Equal("+49 30 1", contact.Phone);
        Assert.Equal(["work", "voice"], contact.Phones[0].Types);
    }

    [Fact]
    public void Escapes_of_3_0_are_undone_in_text_and_in_components()
    {
        var contact = Single(Card("3.0",
            @"N:O\;Brien;Anne\, Marie;;;",
            @"ORG:Smith\, Jones & Co\;Legal;Berlin",
            @"TITLE:Head of Sales\, EMEA",
            @"NOTE:Line one\nLine two\, with comma\; and semicolon\\backslash"));

        Assert.Equal(("Anne, Marie", "O;Brien"), (contact.FirstName, contact.LastName));
        Assert.Equal("Smith, Jones & Co;Legal", contact.Organization);
        Assert.Equal("Berlin", contact.Department);
        Assert.Equal("Head of Sales, EMEA", contact.Title);
        Assert.Equal("Line one\nLine two, with comma; and semicolon\\backslash", contact.Note);
    }

    [Fact]
    public void Quoted_printable_with_soft_line_breaks_and_a_charset()
    {
        var contact = Single(Card("2.1",
            "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=F6rg",
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Erste Zeile=0D=0AZweite =C3=",
            "=9Cberschrift=3D gut"));

        Assert.Equal(("Jörg", "Müller"), (contact.FirstName, contact.LastName));
        Assert.Equal("Erste Zeile\nZweite Überschrift= gut", contact.Note);
    }

    [Fact]
    public void A_soft_line_break_before_a_blank_line_ends_the_value()
    {
        var contact = Single(Card("2.1",
            "N:Weber;Anna",
            "ORG;ENCODING=QUOTED-PRINTABLE:ACME=",
            "",
            "TITLE:CFO"));

        Assert.Equal("ACME", contact.Organization);
        Assert.Equal("CFO", contact.Title);
    }

    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void A_4_0_data_uri_photo_is_decoded()
    {
        var contact = Single(Card("4.0", "FN:Anna Weber", "PHOTO:data:image/png;base64," + Convert.ToBase64String(Png)));

        Assert.Equal(Png, contact.Photo!.Data);
        Assert.Equal("image/png", contact.Photo.MediaType);
    }

    [Fact]
    public void A_3_0_inline_photo_takes_its_type_from_the_bytes_or_the_type_parameter()
    {
        var contact = Single(Card("3.0", "FN:Anna Weber", "PHOTO;ENCODING=b;TYPE=PNG:" + Convert.ToBase64String(Png)));
        Assert.Equal(Png, contact.Photo!.Data);
        Assert.Equal("image/png", contact.Photo.MediaType);

        byte[] unknown = [1, 2, 3, 4, 5, 6];
        var typed = Single(Card("3.0", "FN:Anna Weber", "PHOTO;ENCODING=b;TYPE=GIF:" + Convert.ToBase64String(unknown)));
        Assert.Equal("image/gif", typed.Photo!.MediaType);
    }

    [Fact]
    public void A_2_1_base64_block_may_go_on_without_indentation_until_a_blank_line()
    {
        var base64 = Convert.ToBase64String(Png.Concat(Enumerable.Range(0, 90).Select(i => (byte)i)).ToArray());
        var contact = Single(Card("2.1",
            "N:Weber;Anna",
            "PHOTO;ENCODING=BASE64;TYPE=PNG:",
            base64[..40],
            base64[40..80],
            base64[80..],
            "",
            "TITLE:CFO"));

        Assert.Equal(Png.Length + 90, contact.Photo!.Data!.Length);
        Assert.Equal("CFO", contact.Title);
    }

    [Fact]
    public void A_photo_link_is_kept_and_a_broken_photo_is_only_a_warning()
    {
        var linked = Single(Card("3.0", "FN:Anna Weber", @"PHOTO;VALUE=uri:https\://example.com/anna.jpg"));
        Assert.Equal(new Uri("https://example.com/anna.jpg"), linked.Photo!.Uri);

        var card = Assert.Single(VCardReader.Read(Card("3.0", "FN:Anna Weber", "PHOTO;ENCODING=b:!!!not base64!!!")).Cards);
        Assert.True(card.IsImported);
        Assert.Null(card.Contact!.Photo);
        Assert.Contains("PHOTO", Assert.Single(card.Warnings).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Anna Weber", "Anna", "Weber")]
    [InlineData("Weber, Anna", "Anna", "Weber")]
    [InlineData("Dr. Anna Maria Weber PhD", "Anna Maria", "Weber")]
    [InlineData("John Doe, Jr.", "John", "Doe")]
    public void Without_n_the_names_come_from_fn(string fn, string first, string last)
    {
        var contact = Single(Card("3.0", "FN:" + fn.Replace(",", "\\,", StringComparison.Ordinal)));

        Assert.Equal((first, last), (contact.FirstName, contact.LastName));
    }

    [Fact]
    public void A_missing_part_of_n_is_taken_from_fn()
    {
        var contact = Single(Card("3.0", "FN:Anna Weber", "N:Weber;;;;"));

        Assert.Equal(("Anna", "Weber"), (contact.FirstName, contact.LastName));
    }

    [Theory]
    [InlineData("EMAIL:anna@example.com", "has no name")]
    [InlineData("FN:Madonna", "'Madonna' is a single word")]
    [InlineData("N:Weber;;;;", "has no first name")]
    public void A_card_without_a_first_and_a_last_name_is_refused(string line, string expected)
    {
        var card = Assert.Single(VCardReader.Read(Card("3.0", line)).Cards);

        Assert.False(card.IsImported);
        Assert.Contains(expected, Assert.Single(card.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_longer_than_a_contact_allows_are_refused_with_the_validators_message()
    {
        var card = Assert.Single(VCardReader.Read(Card("3.0", $"N:{new string('x', 101)};Anna;;;")).Cards);

        Assert.Contains("Last name is 101 characters long; shorten it to at most 100.", card.Errors.Select(e => e.Message));
    }

    [Fact]
    public void An_invalid_only_email_refuses_the_card_but_an_invalid_second_one_is_a_warning()
    {
        var refused = Assert.Single(VCardReader.Read(Card("3.0", "N:Weber;Anna;;;", "EMAIL:anna at example")).Cards);
        var error = Assert.Single(refused.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("'anna at example' is not an email address", error.Message, StringComparison.Ordinal);

        var kept = Assert.Single(VCardReader.Read(Card("3.0", "N:Weber;Anna;;;", "EMAIL;TYPE=pref:anna at example", "EMAIL:anna@example.com")).Cards);
        Assert.Equal("anna@example.com", kept.Contact!.Email);
        Assert.Single(kept.Warnings);
    }

    [Fact]
    public void A_broken_card_gets_its_own_error_and_the_others_still_import()
    {
        var text = Card("3.0", "N:Weber;Anna;;;") + Card("3.0", "EMAIL:nobody@example.com") + Card("4.0", "FN:Ben Okafor");

        var result = VCardReader.Read(text);

        Assert.Equal(["Anna Weber", "Ben Okafor"], result.Contacts.Select(c => $"{c.FirstName} {c.LastName}"));
        var error = Assert.Single(result.Errors);
        Assert.Equal((2, 5), (error.CardIndex, error.Line));
        Assert.StartsWith("Card 2 (line 5): The card (nobody@example.com) has no name", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_cut_off_without_end_is_refused_and_the_card_before_it_imports()
    {
        var text = Card("3.0", "N:Weber;Anna;;;") + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Ben;;;\r\n";

        var result = VCardReader.Read(text);

        Assert.True(result.Cards[0].IsImported);
        var error = Assert.Single(result.Cards[1].Errors);
        Assert.Equal((2, 5), (error.CardIndex, error.Line));
        Assert.Contains("no END:VCARD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_end_before_the_next_card_refuses_only_the_unfinished_card()
    {
        var text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Weber;Anna;;;\r\n" + Card("3.0", "N:Okafor;Ben;;;");

        var result = VCardReader.Read(text);

        Assert.Equal([false, true], result.Cards.Select(c => c.IsImported));
        Assert.Contains("before the next card starts on line 4", Assert.Single(result.Cards[0].Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agent_card_inside_a_2_1_card_is_not_a_contact_of_its_own()
    {
        var text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Weber;Anna\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nN:Assistant;Al\r\nEND:VCARD\r\nTITLE:CFO\r\nEND:VCARD\r\n";

        var contact = Single(text);

        Assert.Equal(("Anna", "Weber", "CFO"), (contact.FirstName, contact.LastName, contact.Title));
    }

    [Fact]
    public void An_unknown_version_is_refused_and_a_missing_one_read_as_3_0()
    {
        var refused = Assert.Single(VCardReader.Read(Card("5.0", "N:Weber;Anna;;;")).Cards);
        Assert.Contains("VERSION 5.0", Assert.Single(refused.Errors).Message, StringComparison.Ordinal);

        var card = Assert.Single(VCardReader.Read("BEGIN:VCARD\r\nN:Weber;Anna;;;\r\nEND:VCARD\r\n").Cards);
        Assert.True(card.IsImported);
        Assert.Contains("no VERSION", Assert.Single(card.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_cards_says_so()
    {
        var empty = VCardReader.Read("");
        Assert.Empty(empty.Cards);
        Assert.Contains("no vCard", Assert.Single(empty.FileProblems).Message, StringComparison.Ordinal);

        var junk = VCardReader.Read("hello\r\n" + Card("3.0", "N:Weber;Anna;;;"));
        Assert.Single(junk.Contacts);
        Assert.Equal(1, Assert.Single(junk.FileProblems).Line);
    }

    [Fact]
    public void Bytes_are_read_by_their_bom_else_as_utf8_else_as_windows_1252()
    {
        var text = Card("2.1", "N:Müller;Jörg", "TITLE:Geschäftsführer");

        static VCardContact FromBytes(byte[] bytes) => Assert.Single(VCardReader.Read(bytes).Contacts);

        Assert.Equal("Müller", FromBytes([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]).LastName);
        Assert.Equal("Müller", FromBytes(Encoding.UTF8.GetBytes(text)).LastName);
        Assert.Equal("Müller", FromBytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]).LastName);
        Assert.Equal("Geschäftsführer", FromBytes(Encoding.Latin1.GetBytes(text)).Title);
    }

    [Fact]
    public void Lines_broken_by_cr_cr_lf_are_read_as_one_break()
    {
        var contact = Single("BEGIN:VCARD\r\r\nVERSION:3.0\r\r\nN:Weber;Anna;;;\r\r\nPHOTO;ENCODING=b;TYPE=PNG:" + Convert.ToBase64String(Png)[..12] + "\r\r\n " + Convert.ToBase64String(Png)[12..] + "\r\r\nEND:VCARD\r\r\n");

        Assert.Equal(Png, contact.Photo!.Data);
    }

    [Fact]
    public void Whatever_the_lines_every_card_is_imported_or_refused_and_nothing_throws()
    {
        var lines = Gen.OneOf<string>(
            "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:3.0", "VERSION:4.0", "VERSION:9", "N:Weber;Anna;;;", "N:;;;;", "N:",
            "FN:Anna Weber", "FN:Anna", "FN:", "EMAIL:anna@example.com", "EMAIL;PREF=x:bad", "TEL;WORK:+49 30 1", "TEL:tel:;ext=",
            "NOTE;ENCODING=QUOTED-PRINTABLE:a=", "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=nonsense:=C3=", "=ZZ", "ADR:;;;;;;;;;;",
            "PHOTO;ENCODING=b:", "PHOTO;ENCODING=BASE64:AAAA", "PHOTO:data:", "PHOTO:data:image/png;base64,!!", "PHOTO:http://",
            "AGENT:", "item1.EMAIL;TYPE=\"work,pref\":a@b.example", "BDAY:--0203", "REV:never", "X-Y;A=\"unclosed:value",
            " folded", "\tfolded", "", "\\", "garbage", ":", ";;;:", "BEGIN:", "END:");
        var files = lines.Array[0, 40].Select(body => string.Join("\r\n", body));

        files.Sample(text =>
        {
            var result = VCardReader.Read(text);
            Assert.All(result.Cards, card => Assert.True(card.IsImported ^ card.Errors.Count > 0));
        }, iter: 1000);
    }

    [Fact]
    public void The_card_maps_to_a_new_contacts_fields()
    {
        var accountId = Guid.NewGuid();
        var contact = Single(Card("3.0", "N:Weber;Anna;;;", "TITLE:CFO", "EMAIL:Anna.Weber@Example.com", "TEL;TYPE=work:+49 30 1234567"));

        var input = contact.ToContactInput(accountId);

        Assert.Equal(accountId, input.AccountId.Value);
        Assert.Equal(("Anna", "Weber", "CFO"), (input.FirstName.Value, input.LastName.Value, input.Title.Value));
        Assert.Equal("Anna.Weber@Example.com", input.Email.Value);
        Assert.Equal("+49 30 1234567", input.Phone.Value);
    }
}
