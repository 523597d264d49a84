namespace Keystone.Web.Components;

/// <summary>A field on which the saved record and the form disagree, as both read on screen, and who changed it.</summary>
public sealed record FieldDifference(string Field, string Theirs, string Mine, string ChangedBy)
{
    /// <summary>
    /// Compares a record as the form loaded it, as it is saved now and as typed, field by field,
    /// and keeps the fields where the saved and the typed values differ.
    /// </summary>
    public static IReadOnlyList<FieldDifference> Between(
        IReadOnlyList<(string Field, string? Value)> loaded,
        IReadOnlyList<(string Field, string? Value)> theirs,
        IReadOnlyList<(string Field, string? Value)> mine)
    {
        var differences = new List<FieldDifference>();
        for (var i = 0; i < theirs.Count; i++)
        {
            var (base_, saved, typed) = (Normalize(loaded[i].Value), Normalize(theirs[i].Value), Normalize(mine[i].Value));
            if (saved == typed)
            {
                continue;
            }
            var changedBy = (saved != base_, typed != base_) switch
            {
                (true, true) => "Both of you",
                (true, false) => "Them",
                _ => "You",
            };
            differences.Add(new FieldDifference(theirs[i].Field, Show(saved), Show(typed), changedBy));
        }
        return differences;
    }

    private static string Normalize(string? value) => value?.Trim() ?? "";

    private static string Show(string value) => value.Length == 0 ? "(empty)" : value;
}
