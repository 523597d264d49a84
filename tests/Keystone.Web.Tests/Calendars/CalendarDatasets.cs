using System.Runtime.CompilerServices;

namespace Keystone.Web.Tests.Calendars;

/// <summary>
/// The calendars in ../shared/datasets/icalendar_* beside the checkout (see MANIFEST.md there),
/// read where they are and never copied into the repository. The checkout is found above the test
/// assembly, or else above this source file (a build into an artifacts folder elsewhere).
/// </summary>
internal static class CalendarDatasets
{
    private static readonly Lazy<string> Root = new(() => FindRoot());

    /// <summary>Every file of every icalendar_* dataset, relative to the datasets folder.</summary>
    public static IEnumerable<string> Files() =>
        Directory.EnumerateDirectories(Root.Value, "icalendar_*")
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(Root.Value, path))
            .Order(StringComparer.Ordinal);

    public static string PathOf(string relativePath) => Path.Combine(Root.Value, relativePath);

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        var checkout = Above(AppContext.BaseDirectory) ?? Above(Path.GetDirectoryName(sourceFile) ?? "")
            ?? throw new DirectoryNotFoundException($"No Keystone.slnx above {AppContext.BaseDirectory}; the tests must run from a checkout of the repository.");
        var datasets = Path.GetFullPath(Path.Combine(checkout, "..", "shared", "datasets"));
        if (!Directory.EnumerateDirectories(datasets, "icalendar_*").Any())
        {
            throw new DirectoryNotFoundException(
                $"The shared calendar datasets are missing: expected {datasets}/icalendar_*, beside the checkout at {checkout} (see MANIFEST.md there).");
        }
        return datasets;
    }

    private static string? Above(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Keystone.slnx")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
