namespace Keystone.Web.Components;

/// <summary>
/// The errors a use case reported for a form, by the field names it uses (<c>name</c>,
/// <c>team[0].role</c>): each input shows its own, and the summary shows them all.
/// </summary>
public sealed class FormErrors
{
    private Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IEnumerable<string> Messages => _errors.Values.SelectMany(m => m);

    public bool Has(string field) => _errors.ContainsKey(field);

    public string? For(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public void Set(IReadOnlyDictionary<string, string[]> errors) => _errors = new(errors, StringComparer.Ordinal);

    public void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public void Clear() => _errors.Clear();
}
