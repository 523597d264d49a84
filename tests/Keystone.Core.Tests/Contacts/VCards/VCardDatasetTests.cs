using Keystone.Core.Contacts.VCards;

namespace Keystone.Core.Tests.Contacts.VCards;

/// <summary>Real exports (Android, iPhone, Outlook, Gmail, ...) from ../shared/datasets/vcard_ez-vcard.</summary>
public sealed class VCardDatasetTests
{
    private const string Folder = "vcard_ez-vcard";

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in SharedDatasets.FilesUnder(Folder))
        {
            data.Add(file);
        }
        return data;
    }

    private static VCardReadResult ReadFile(string name) => VCardReader.Read(File.ReadAllBytes(SharedDatasets.File(Folder, name)));

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_card_of_every_file_is_imported_or_refused_on_its_own(string file)
    {
        var bytes = File.ReadAllBytes(SharedDatasets.PathOf(file));

        var result = VCardReader.Read(bytes);

        var begins = System.Text.Encoding.Latin1.GetString(bytes).Split('\n')
            .Count(l => l.Trim().Equals("BEGIN:VCARD", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(begins, result.Cards.Count);
        Assert.NotEmpty(result.Cards);
        for (var i = 0; i < result.Cards.Count; i++)
        {
            var card = result.Cards[i];
            Assert.Equal(i + 1, card.Index);
            Assert.True(card.Line >= 1);
            if (card.IsImported)
            {
                Assert.Empty(card.Errors);
                Assert.False(string.IsNullOrWhiteSpace(card.Contact!.FirstName));
                Assert.False(string.IsNullOrWhiteSpace(card.Contact.LastName));
                Assert.All(card.Contact.Emails, e => Assert.Contains('@', e.Address));
            }
            else
            {
                var error = Assert.Single(card.Errors);
                Assert.Equal(card.Index, error.CardIndex);
                Assert.True(error.Line >= card.Line, $"{file}: error line {error.Line} before the card's line {card.Line}");
                Assert.StartsWith($"Card {card.Index} (line {error.Line}): ", error.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_iphone_export_has_its_name_work_phone_and_jpeg_photo()
    {
        var contact = Assert.Single(ReadFile("John_Doe_IPHONE.vcf").Contacts);

        Assert.Equal(("John", "Doe"), (contact.FirstName, contact.LastName));
        Assert.Equal("Money Counter", contact.Title);
        Assert.Equal(("IBM", "Accounting"), (contact.Organization, contact.Department));
        Assert.Equal("john.doe@ibm.com", contact.Email);
        Assert.Equal(1, contact.Emails[0].Preference);
        Assert.Equal("905-777-1234", contact.Phone);   // the work number, though the cell one is "pref"
        Assert.Equal(7, contact.Phones.Count);
        Assert.Equal(new DateOnly(2012, 6, 6), contact.Birthday);
        Assert.Equal("image/jpeg", contact.Photo!.MediaType);
        Assert.Equal(32531, contact.Photo.Data!.Length);
        Assert.Equal([0xFF, 0xD8], contact.Photo.Data[..2]);
        Assert.Equal([0xFF, 0xD9], contact.Photo.Data[^2..]);
        Assert.Equal("Silicon Alley 5,", contact.Addresses[0].Street);
    }

    [Fact]
    public void Outlook_2007_quoted_printable_note_keeps_its_lines_and_tab()
    {
        var contact = Assert.Single(ReadFile("outlook-2007.vcf").Contacts);

        Assert.Equal(("Michael", "Angstadt"), (contact.FirstName, contact.LastName));
        Assert.Equal(
            "This is the NOTE field\t\nI assume it encodes this text inside a NOTE vCard type.\n" +
            "But I'm not sure because there's text formatting going on here.\nIt does not preserve the formatting",
            contact.Note);
        Assert.Equal("mike.angstadt@gmail.com", contact.Email);
        Assert.Equal("(111) 555-1111", contact.Phone);
        Assert.Equal(("TheCompany", "TheDepartment"), (contact.Organization, contact.Department));
        Assert.Equal(new DateOnly(1922, 3, 10), contact.Birthday);
        Assert.Equal("image/jpeg", contact.Photo!.MediaType);
        Assert.Equal(2324, contact.Photo.Data!.Length);
    }

    [Fact]
    public void Outlook_2003_keeps_commas_of_2_1_and_leaves_out_placeholder_phones_with_a_warning()
    {
        var card = Assert.Single(ReadFile("outlook-2003.vcf").Cards);
        var contact = card.Contact!;

        Assert.Equal(("Company, The", "TheDepartment"), (contact.Organization, contact.Department));
        Assert.Equal("This is the note field!!\nSecond line\n\nThird line is empty", contact.Note);
        Assert.Equal("jdoe@hotmail.com", contact.Email);
        Assert.Null(contact.Phone);
        Assert.Equal(4, card.Warnings.Count);
        Assert.Contains(card.Warnings, w => w.Line == 10 && w.Message.Contains("'BusinessPhone' is not a phone number", StringComparison.Ordinal));
    }

    [Fact]
    public void Android_cards_without_a_name_are_refused_while_the_others_import()
    {
        var result = ReadFile("John_Doe_ANDROID.vcf");

        Assert.Equal(6, result.Cards.Count);
        Assert.Equal([false, false, true, false, true, false], result.Cards.Select(c => c.IsImported));
        var first = Assert.Single(result.Cards[0].Errors);
        Assert.Equal((1, 1), (first.CardIndex, first.Line));
        Assert.Contains("john.doe@company.com", first.Message, StringComparison.Ordinal);
        Assert.Contains("has no name", first.Message, StringComparison.Ordinal);

        // Quoted-printable UTF-8 with soft line breaks inside the values.
        var bob = result.Cards[4].Contact!;
        Assert.Equal(("Ñ Ñ Ñ", "Ñ Ñ"), (bob.FirstName, bob.LastName));
        Assert.Equal(new string('Ñ', 12), bob.Organization);
        Assert.Equal("bob@company.com", bob.Email);
        Assert.Contains(result.Cards[4].Warnings, w => w.Message.Contains("is not an email address", StringComparison.Ordinal));
        Assert.Contains(result.Cards[4].Warnings, w => w.Message.Contains("PHOTO", StringComparison.Ordinal));
    }

    [Fact]
    public void Rfc_2426_cards_without_n_take_their_names_from_fn()
    {
        var contacts = ReadFile("rfc2426-example.vcf").Contacts.ToList();

        Assert.Equal(["Frank Dawson", "Tim Howes"], contacts.Select(c => $"{c.FirstName} {c.LastName}"));
        Assert.Equal("Frank_Dawson@Lotus.com", contacts[0].Email);
        Assert.Equal("+1-919-676-9515", contacts[0].Phone);
        var address = Assert.Single(contacts[0].Addresses);
        Assert.Equal(("6544 Battleford Drive", "Raleigh", "NC", "27613-3502", "U.S.A."),
            (address.Street, address.Locality, address.Region, address.PostalCode, address.Country));
        Assert.Equal(["work", "postal", "parcel"], address.Types);
    }

    [Fact]
    public void Rfc_6350_tel_uri_becomes_a_number_with_its_extension()
    {
        var contact = Assert.Single(ReadFile("rfc6350-example.vcf").Contacts);

        Assert.Equal(("Simon", "Perreault"), (contact.FirstName, contact.LastName));
        Assert.Equal("+1-418-656-9254 x102", contact.Phone);
        Assert.Equal("simon.perreault@viagenie.ca", contact.Email);
        Assert.Null(contact.Birthday); // --0203 has no year
        Assert.Equal("Suite D2-630", contact.Addresses[0].Extended);
        Assert.Equal("G1V 2M2", contact.Addresses[0].PostalCode);
    }

    [Fact]
    public void A_4_0_photo_link_is_kept_as_a_uri()
    {
        var contact = Assert.Single(ReadFile("fullcontact.vcf").Contacts);

        Assert.Equal(new Uri("https://d3m0kzytmr41b1.cloudfront.net/c335e945d1b60edd9d75eb4837c432f637e95c8a"), contact.Photo!.Uri);
        Assert.Null(contact.Photo.Data);
        Assert.Equal("Title1", contact.Title);
        Assert.Equal("home@example.com", contact.Email);
        Assert.Equal("555-555-1112", contact.Phone);
        Assert.Equal(5, contact.Emails.Count);
    }

    [Fact]
    public void Evolution_folds_inside_values_and_escapes_commas()
    {
        var contact = Assert.Single(ReadFile("John_Doe_EVOLUTION.vcf").Contacts);

        Assert.Equal("john.doe@ibm.com", contact.Email);
        Assert.Equal("905-555-1234", contact.Phone);
        Assert.Equal("477343c8e6bf375a9bac1f96a5000837", contact.Uid);
        Assert.Equal(new DateTimeOffset(2012, 3, 5, 13, 32, 54, TimeSpan.Zero), contact.Revision);
        Assert.Equal(new DateOnly(1980, 3, 22), contact.Birthday);
        Assert.Contains("WARRANTIES, INCLUDING, BUT NOT LIMITED TO", contact.Note, StringComparison.Ordinal);
        Assert.Contains("SERVICES; LOSS OF USE", contact.Note, StringComparison.Ordinal);
        Assert.Equal("Mr. John Richter, James Doe Sr.", contact.FormattedName);
    }

    [Theory]
    [InlineData("John_Doe_MAC_ADDRESS_BOOK.vcf", 18242)]   // PHOTO;BASE64: with LF-only continuation lines
    [InlineData("John_Doe_MS_OUTLOOK.vcf", 860)]           // PHOTO;TYPE=JPEG;ENCODING=BASE64
    [InlineData("John_Doe_BLACK_BERRY.vcf", 1674)]         // one long line with a stray '=' of padding
    [InlineData("thunderbird-MoreFunctionsForAddressBook-extension.vcf", 8940)]
    public void Base64_photos_of_real_exports_decode_to_jpeg(string file, int length)
    {
        var contact = Assert.Single(ReadFile(file).Contacts);

        Assert.Equal("image/jpeg", contact.Photo!.MediaType);
        Assert.Equal(length, contact.Photo.Data!.Length);
    }

    [Fact]
    public void Gmail_lists_several_cards_and_grouped_properties()
    {
        Assert.Equal(
            ["Arnold Smith <asmithk@gmail.com>", "Chris Beatle <chrisy55d@yahoo.com>", "Doug White <dwhite@gmail.com>"],
            ReadFile("gmail-list.vcf").Contacts.Select(c => $"{c.FirstName} {c.LastName} <{c.Email}>"));

        var single = Assert.Single(ReadFile("gmail-single2.vcf").Contacts);
        Assert.Contains(single.Emails, e => e.Address == "customcategory@example.com"); // item1.EMAIL
        Assert.Equal("5555551113", single.Phone);                                      // TYPE=WORK
    }
}
