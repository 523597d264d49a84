namespace Keystone.Core.Revenue;

/// <summary>A column mapping saved under a name for one source, so that the next file of the same export needs only the name.</summary>
public sealed class ImportMapping
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Source { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>The mapping as <c>field=column</c> pairs separated by commas, as the CLI's <c>--columns</c> takes it.</summary>
    public string Columns { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}
