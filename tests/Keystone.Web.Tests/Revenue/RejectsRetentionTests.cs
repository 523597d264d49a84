using Keystone.Web.Revenue;

namespace Keystone.Web.Tests.Revenue;

public sealed class RejectsRetentionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("keystone-rejects-").FullName;

    [Fact]
    public void Old_reports_and_stale_partial_files_are_deleted_recent_ones_kept()
    {
        var now = new DateTime(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
        var oldReport = Touch("old.csv", now.AddDays(-91));
        var recentReport = Touch("recent.csv", now.AddDays(-89));
        var stalePartial = Touch("killed.partial", now.AddHours(-25));
        var runningPartial = Touch("running.partial", now.AddMinutes(-5));
        var other = Touch("readme.txt", now.AddYears(-1));

        var deleted = InvoiceUploads.PruneRejects(_folder, TimeSpan.FromDays(90), now);

        Assert.Equal(2, deleted);
        Assert.False(File.Exists(oldReport));
        Assert.False(File.Exists(stalePartial));
        Assert.True(File.Exists(recentReport));
        Assert.True(File.Exists(runningPartial));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public void A_missing_folder_deletes_nothing() =>
        Assert.Equal(0, InvoiceUploads.PruneRejects(Path.Combine(_folder, "absent"), TimeSpan.FromDays(1), DateTime.UtcNow));

    private string Touch(string name, DateTime lastWriteUtc)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, lastWriteUtc);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
