using System.Runtime.CompilerServices;

namespace Keystone.Tests;

/// <summary>
/// The third-party files in ../shared/datasets beside the checkout (see its MANIFEST.md), for every test
/// project. They are read where they are, never copied into the repository; a test that needs them
/// fails, with this explanation, when they are missing. The checkout is the folder holding
/// Keystone.slnx above the test assembly, or else above this source file (a build into an artifacts
/// folder elsewhere).
/// </summary>
internal static class SharedDatasets
{
    private static readonly Lazy<string> RootFolder = new(() => FindRoot());

    /// <summary>The datasets folder itself.</summary>
    public static string Root => RootFolder.Value;

    public static string Folder(string name)
    {
        var folder = Path.Combine(Root, name);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"The dataset folder '{name}' is missing from {Root}; check out the shared datasets beside the repository (../shared/datasets).");
        }
        return folder;
    }

    public static string File(string folder, string fileName)
    {
        var path = Path.Combine(Folder(folder), fileName);
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException($"The dataset file '{folder}/{fileName}' is missing from {Root}.", path);
        }
        return path;
    }

    /// <summary>Every file under the folder, as paths relative to the datasets root (stable names for theory cases).</summary>
    public static IEnumerable<string> FilesUnder(string folder) =>
        Directory.EnumerateFiles(Folder(folder), "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path))
            .Order(StringComparer.Ordinal);

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        var checkout = Above(AppContext.BaseDirectory) ?? Above(Path.GetDirectoryName(sourceFile) ?? "")
            ?? throw new DirectoryNotFoundException($"No Keystone.slnx above {AppContext.BaseDirectory}; the tests must run from a checkout of the repository.");
        var datasets = Path.GetFullPath(Path.Combine(checkout, "..", "shared", "datasets"));
        if (!Directory.Exists(datasets))
        {
            throw new DirectoryNotFoundException(
                $"The shared datasets are missing: expected {datasets}, beside the repository at {checkout}. " +
                "Check out shared/ next to the repository; the tests read the datasets from there and never copy them.");
        }
        return datasets;
    }

    private static string? Above(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "Keystone.slnx")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
