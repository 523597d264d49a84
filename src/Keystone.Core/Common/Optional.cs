namespace Keystone.Core.Common;

/// <summary>
/// A field of a change that may be absent. JSON merge patch tells "leave it" (absent) apart from
/// "clear it" (null); a form that edits every field sets them all.
/// </summary>
public readonly struct Optional<T>
{
    private readonly T _value;

    public Optional(T value)
    {
        _value = value;
        IsSet = true;
    }

    public bool IsSet { get; }

    public T Value => IsSet ? _value : throw new InvalidOperationException("The field was not set.");

    public T GetValueOrDefault(T fallback) => IsSet ? _value : fallback;

    public static implicit operator Optional<T>(T value) => new(value);

    public static Optional<T> Unset => default;
}
