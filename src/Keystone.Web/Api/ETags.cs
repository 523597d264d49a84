using System.Globalization;
using Keystone.Core.Common;

namespace Keystone.Web.Api;

/// <summary>A record's version is its entity tag: <c>"7"</c>. Writes must name the version they were based on.</summary>
public static class ETags
{
    public static string For(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void Set(HttpResponse response, int version) => response.Headers.ETag = For(version);

    /// <summary>The version named by If-Match; a missing header on a write that needs one is refused (428).</summary>
    public static int? ReadIfMatch(HttpRequest request, bool required)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (string.IsNullOrEmpty(header))
        {
            if (required)
            {
                throw new PreconditionRequiredException();
            }
            return null;
        }
        if (header == "*")
        {
            return null;
        }
        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        value = value.Trim('"');
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new ValidationException("If-Match", $"'{header}' is not an entity tag Keystone issued; send the ETag of your last GET.");
        }
        return version;
    }
}

public sealed class PreconditionRequiredException() : Exception(
    "This write needs an If-Match header with the ETag of the record as you last read it, so that it cannot overwrite someone else's change.");
