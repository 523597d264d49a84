namespace Keystone.Core.Tests;

/// <summary>
/// The third-party files in ../shared/datasets beside the checkout (see its MANIFEST.md). They are
/// never copied into the repository; a test that needs them fails, with this explanation, when they are missing.
/// </summary>
internal static class SharedDatasets
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Folder(string name)
    {
        var folder = Path.Combine(Root.Value, name);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"The dataset folder '{name}' is missing from {Root.Value}; check out the shared datasets beside the repository (../shared/datasets).");
        }
        return folder;
    }

    public static string File(string folder, string fileName)
    {
        var path = Path.Combine(Folder(folder), fileName);
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException($"The dataset file '{folder}/{fileName}' is missing from {Root.Value}.", path);
        }
        return path;
    }

    /// <summary>Every file under the folder, as paths relative to the datasets root (stable names for theory cases).</summary>
    public static IEnumerable<string> FilesUnder(string folder) =>
        Directory.EnumerateFiles(Folder(folder), "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root.Value, path))
            .Order(StringComparer.Ordinal);

    public static string PathOf(string relativePath) => Path.Combine(Root.Value, relativePath);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "Keystone.slnx")))
        {
            directory = directory.Parent;
        }
        if (directory is null)
        {
            throw new DirectoryNotFoundException($"No Keystone.slnx above {AppContext.BaseDirectory}; the tests must run from a checkout of the repository.");
        }
        var datasets = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "datasets"));
        if (!Directory.Exists(datasets))
        {
            throw new DirectoryNotFoundException(
                $"The shared datasets are missing: expected {datasets}, beside the repository at {directory.FullName}. " +
                "Check out shared/ next to the repository; the tests read the datasets from there and never copy them.");
        }
        return datasets;
    }
}
