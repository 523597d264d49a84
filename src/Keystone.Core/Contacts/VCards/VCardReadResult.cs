namespace Keystone.Core.Contacts.VCards;

/// <summary>Something wrong with a card (or with the file, when <see cref="CardIndex"/> is 0), and where.</summary>
public sealed record VCardProblem(int CardIndex, int Line, string Message)
{
    public override string ToString() => CardIndex == 0
        ? $"Line {Line}: {Message}"
        : $"Card {CardIndex} (line {Line}): {Message}";
}

/// <summary>
/// One BEGIN:VCARD … END:VCARD block. <see cref="Contact"/> is set when the card can be imported;
/// otherwise <see cref="Errors"/> says why. <see cref="Warnings"/> name what was left out of an
/// imported card (an invalid second address, a photo that could not be decoded).
/// </summary>
public sealed record VCardCardResult(
    int Index,
    int Line,
    VCardContact? Contact,
    IReadOnlyList<VCardProblem> Errors,
    IReadOnlyList<VCardProblem> Warnings)
{
    public bool IsImported => Contact is not null;
}

/// <summary>Every card of a file, in file order, each imported or refused on its own.</summary>
public sealed record VCardReadResult(IReadOnlyList<VCardCardResult> Cards, IReadOnlyList<VCardProblem> FileProblems)
{
    public IEnumerable<VCardContact> Contacts => Cards.Where(c => c.Contact is not null).Select(c => c.Contact!);

    public IEnumerable<VCardProblem> Errors => FileProblems.Concat(Cards.SelectMany(c => c.Errors));
}
