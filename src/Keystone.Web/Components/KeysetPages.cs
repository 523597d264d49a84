namespace Keystone.Web.Components;

/// <summary>The page tokens of a list walked with Previous and Next; starts over when the filter changes.</summary>
public sealed class KeysetPages
{
    private readonly Stack<(string? Token, int Offset)> _previous = new();

    /// <summary>The token of the page shown; null for the first page.</summary>
    public string? Current { get; private set; }

    public string? Next { get; private set; }

    /// <summary>How many items come before the page shown.</summary>
    public int Offset { get; private set; }

    public bool HasPrevious => _previous.Count > 0;

    public bool HasNext => Next is not null;

    public void Reset()
    {
        _previous.Clear();
        Current = null;
        Next = null;
        Offset = 0;
    }

    /// <summary>Records what a page load answered.</summary>
    public void Loaded(string? nextToken) => Next = nextToken;

    public void Forward(int shownCount)
    {
        if (Next is null)
        {
            return;
        }
        _previous.Push((Current, Offset));
        Current = Next;
        Offset += shownCount;
        Next = null;
    }

    public void Back()
    {
        if (_previous.TryPop(out var page))
        {
            (Current, Offset) = page;
            Next = null;
        }
    }
}
