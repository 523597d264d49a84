namespace Keystone.Web.Tests.Calendars;

/// <summary>The calendars in ../shared/datasets/icalendar_* beside the checkout (see MANIFEST.md there; <see cref="SharedDatasets"/>).</summary>
internal static class CalendarDatasets
{
    /// <summary>Every file of every icalendar_* dataset, relative to the datasets folder.</summary>
    public static IEnumerable<string> Files()
    {
        var folders = Directory.EnumerateDirectories(SharedDatasets.Root, "icalendar_*").ToList();
        if (folders.Count == 0)
        {
            throw new DirectoryNotFoundException($"The shared calendar datasets are missing: expected {SharedDatasets.Root}/icalendar_* (see MANIFEST.md there).");
        }
        return folders
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(SharedDatasets.Root, path))
            .Order(StringComparer.Ordinal);
    }

    public static string PathOf(string relativePath) => SharedDatasets.PathOf(relativePath);
}
