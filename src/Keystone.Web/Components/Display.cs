using System.Globalization;

namespace Keystone.Web.Components;

/// <summary>How values read on screen, the same on every page.</summary>
public static class Display
{
    /// <summary>An instant in UTC with its offset spelled out, so nobody mistakes it for their local time.</summary>
    public static string When(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset? at, string none = "—") => at is { } value ? When(value) : none;

    public static string Date(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string OrDash(string? value) => string.IsNullOrWhiteSpace(value) ? "—" : value;
}
