using System.Text;

namespace Keystone.Core.Contacts.VCards;

/// <summary>
/// Reads the cards of a .vcf file (vCard 2.1, 3.0 and 4.0). Each card is imported or refused on its
/// own, with its index and line, so that one broken card does not stop the others. Nothing is
/// thrown for what a file holds.
/// </summary>
public static class VCardReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static VCardReadResult Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static VCardReadResult Read(ReadOnlySpan<byte> bytes) => Read(DecodeFile(bytes));

    public static VCardReadResult Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cards = new List<VCardCardResult>();
        var fileProblems = new List<VCardProblem>();
        CardInProgress? card = null;
        var nested = 0;
        VCardLine? previous = null;
        var outsideReported = false;

        foreach (var raw in VCardLexer.ContentLines(text))
        {
            var line = VCardLexer.Parse(raw, out var problem);
            if (line is null)
            {
                if (card is not null && nested == 0)
                {
                    card.Warnings.Add(new VCardProblem(card.Index, raw.LineNumber, problem!));
                }
                else if (card is null && !outsideReported)
                {
                    fileProblems.Add(new VCardProblem(0, raw.LineNumber, $"'{VCardLexer.Shorten(raw.Text)}' is outside of any BEGIN:VCARD … END:VCARD block; it was skipped."));
                    outsideReported = true;
                }
                continue;
            }
            if (line.Is("BEGIN", "VCARD"))
            {
                if (card is null)
                {
                    card = new CardInProgress(cards.Count + 1, raw.LineNumber);
                }
                else if (nested > 0 || (previous is not null && previous.Is("AGENT") && previous.Value.Trim().Length == 0))
                {
                    // 2.1 embeds an agent's card in the AGENT property; it is not a contact of its own.
                    nested++;
                }
                else
                {
                    cards.Add(Refused(card, card.Line, $"The card has no END:VCARD before the next card starts on line {raw.LineNumber}."));
                    card = new CardInProgress(cards.Count + 1, raw.LineNumber);
                }
            }
            else if (line.Is("END", "VCARD"))
            {
                if (card is null)
                {
                    fileProblems.Add(new VCardProblem(0, raw.LineNumber, "END:VCARD without a BEGIN:VCARD before it; it was skipped."));
                }
                else if (nested > 0)
                {
                    nested--;
                }
                else
                {
                    cards.Add(Finish(card));
                    card = null;
                    outsideReported = false;
                }
            }
            else if (card is null)
            {
                if (!outsideReported)
                {
                    fileProblems.Add(new VCardProblem(0, raw.LineNumber, $"'{VCardLexer.Shorten(raw.Text)}' is outside of any BEGIN:VCARD … END:VCARD block; it was skipped."));
                    outsideReported = true;
                }
            }
            else if (nested == 0)
            {
                card.Lines.Add(line);
            }
            previous = line;
        }
        if (card is not null)
        {
            cards.Add(Refused(card, card.Line, "The card has no END:VCARD; the file may have been cut off. Export it again."));
        }
        if (cards.Count == 0 && fileProblems.Count == 0)
        {
            fileProblems.Add(new VCardProblem(0, 1, "The file holds no vCard (no BEGIN:VCARD line); export the contacts as a .vcf file."));
        }
        return new VCardReadResult(cards, fileProblems);
    }

    private static VCardCardResult Finish(CardInProgress card)
    {
        try
        {
            return VCardMapping.Map(card.Index, card.Line, card.Lines, card.Warnings);
        }
        catch (Exception ex)
        {
            return Refused(card, card.Line, $"The card could not be read: {ex.Message}");
        }
    }

    private static VCardCardResult Refused(CardInProgress card, int line, string message) =>
        new(card.Index, card.Line, null, [new VCardProblem(card.Index, line, message)], card.Warnings);

    /// <summary>
    /// The text of a file: by its byte order mark, else UTF-8, else Windows-1252 (what older
    /// Outlook versions write).
    /// </summary>
    internal static string DecodeFile(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(bytes);
        }
    }

    private sealed class CardInProgress(int index, int line)
    {
        public int Index { get; } = index;
        public int Line { get; } = line;
        public List<VCardLine> Lines { get; } = [];
        public List<VCardProblem> Warnings { get; } = [];
    }
}
