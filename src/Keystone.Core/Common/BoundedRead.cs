namespace Keystone.Core.Common;

/// <summary>Reads an uploaded file into memory, stopping as soon as it passes a size limit.</summary>
public static class BoundedRead
{
    /// <summary>
    /// Reads <paramref name="file"/> to its end into a buffer positioned at 0; throws <paramref name="tooLarge"/>
    /// once more than <paramref name="maxBytes"/> have arrived, without reading the rest.
    /// </summary>
    public static async Task<MemoryStream> ReadAllAsync(Stream file, int maxBytes, Func<Exception> tooLarge, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(tooLarge);
        var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await file.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                await buffer.DisposeAsync();
                throw tooLarge();
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }
}
