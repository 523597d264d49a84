using System.Text;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Data.Sqlite;
using Keystone.Web.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;

namespace Keystone.Web.Revenue;

/// <summary>
/// What the page and the API share around an import: the upload buffered to a temporary file (the
/// importer reads a file twice: to hash it, then to import it) and the rejects report kept for download.
/// Rejects reports are files, one per import id, in <c>Revenue:RejectsFolder</c> (by default a
/// <c>rejects</c> folder beside the SQLite database, or beside the default one with PostgreSQL): they can be large, they are only ever
/// read whole, and keeping them out of the database needs no schema change.
/// </summary>
public static class InvoiceUploads
{
    public const long MaxBytes = 500L * 1024 * 1024;

    public const string CsvMediaType = "text/csv";
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string RejectsFolder(IConfiguration configuration)
    {
        if (configuration["Revenue:RejectsFolder"] is { Length: > 0 } folder)
        {
            return folder;
        }
        var (provider, connection) = DatabaseRegistration.Resolve(configuration);
        var database = provider is SqliteDatabaseProvider
            ? new SqliteConnectionStringBuilder(connection).DataSource
            : DatabaseRegistration.DefaultSqliteFile;
        // An in-memory SQLite database has no folder: the default data folder then.
        var directory = Path.IsPathFullyQualified(database) ? Path.GetDirectoryName(database) : null;
        return Path.Combine(directory ?? Path.GetDirectoryName(DatabaseRegistration.DefaultSqliteFile)!, "rejects");
    }

    public static string RejectsPath(IConfiguration configuration, Guid importId) =>
        Path.Combine(RejectsFolder(configuration), $"{importId:N}.csv");

    /// <summary>
    /// Checks that a request's body is a CSV or .xlsx file of at most <see cref="MaxBytes"/> and lets Kestrel
    /// read that much; returns the file's extension.
    /// </summary>
    /// <exception cref="ValidationException">Another content type, or a larger body (field <c>file</c>).</exception>
    public static string AcceptBody(HttpContext http)
    {
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim() ?? "";
        var extension = mediaType.Equals(XlsxMediaType, StringComparison.OrdinalIgnoreCase) ? ".xlsx"
            : mediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase) ? ".csv"
            : throw new ValidationException("file",
                $"Send the file as the request body with Content-Type {CsvMediaType} or {XlsxMediaType}, not '{http.Request.ContentType}'.");
        if (http.Request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes + 1;
        }
        return extension;
    }

    /// <summary>Copies an upload to a temporary file that is deleted when closed.</summary>
    /// <exception cref="ValidationException">The upload is larger than <see cref="MaxBytes"/>.</exception>
    public static async Task<FileStream> BufferAsync(Stream upload, CancellationToken ct)
    {
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await upload.ReadAsync(buffer, ct)) > 0)
            {
                if (temp.Length + read > MaxBytes)
                {
                    throw TooLarge();
                }
                await temp.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            await temp.FlushAsync(ct);
            temp.Position = 0;
            return temp;
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }
    }

    public static ValidationException TooLarge() =>
        new("file", $"The file is larger than {MaxBytes / (1024 * 1024)} MB; split the export into smaller files (by period, for example) and import each.");

    /// <summary>Runs the import and keeps its rejects report when rows were rejected.</summary>
    /// <exception cref="ValidationException">As <see cref="ImportInvoices.HandleAsync"/>; a file that cannot be read is reported under "file".</exception>
    public static async Task<InvoiceImportResult> ImportAsync(
        KeystoneDbContext db, IDatabaseProvider provider, RevenueOptions options, IConfiguration configuration,
        InvoiceImportRequest request, Stream file, string fileName, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var folder = RejectsFolder(configuration);
        Directory.CreateDirectory(folder);
        var pending = Path.Combine(folder, $"{Guid.NewGuid():N}.partial");
        InvoiceImportResult result;
        try
        {
            await using (var rejects = new StreamWriter(pending, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
            {
                result = await ImportInvoices.HandleAsync(db, provider, options, request with { Rejects = rejects }, file, fileName, progress, ct);
            }
            if (result.Rejected > 0)
            {
                File.Move(pending, RejectsPath(configuration, result.ImportId), overwrite: true);
            }
        }
        catch (InvoiceFileException e)
        {
            throw new ValidationException("file", e.Message);
        }
        finally
        {
            File.Delete(pending);
        }
        PruneRejects(folder, RejectsRetention(configuration), DateTime.UtcNow);
        return result;
    }

    public const int DefaultRejectsRetentionDays = 90;

    /// <summary>How long a rejects report stays downloadable: <c>Revenue:RejectsRetentionDays</c>, 90 days by default.</summary>
    public static TimeSpan RejectsRetention(IConfiguration configuration) =>
        TimeSpan.FromDays(configuration.GetValue("Revenue:RejectsRetentionDays", DefaultRejectsRetentionDays));

    /// <summary>
    /// Deletes reports older than the retention and leftovers of imports killed part-way (a
    /// <c>.partial</c> file older than a day belongs to no running import). Best effort: a file another
    /// server is reading just stays for the next run.
    /// </summary>
    public static int PruneRejects(string folder, TimeSpan retention, DateTime utcNow)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }
        var deleted = 0;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            var maxAge = file.Extension switch
            {
                ".csv" => retention,
                ".partial" => TimeSpan.FromDays(1),
                _ => (TimeSpan?)null,
            };
            if (maxAge is { } age && utcNow - file.LastWriteTimeUtc > age)
            {
                try
                {
                    file.Delete();
                    deleted++;
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
        return deleted;
    }
}
