using System.Globalization;

namespace Keystone.Web.Components;

/// <summary>How values read on screen, the same on every page.</summary>
public static class Display
{
    public static string OrDash(string? value) => string.IsNullOrWhiteSpace(value) ? "—" : value;
}

/// <summary>
/// The viewer's time zone, read from their browser once the circuit is up and cascaded from the
/// layout; until then, and when the browser's zone is unknown, instants read in UTC and say so.
/// </summary>
public sealed record ViewerTime(TimeZoneInfo Zone)
{
    public static ViewerTime Utc { get; } = new(TimeZoneInfo.Utc);

    public static ViewerTime For(string? ianaZone) =>
        !string.IsNullOrWhiteSpace(ianaZone) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaZone, out var zone) ? new ViewerTime(zone) : Utc;

    private bool IsUtc => Zone == TimeZoneInfo.Utc;

    /// <summary>An instant in the viewer's zone; in UTC it is marked, so nobody takes it for their local time.</summary>
    public string When(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + (IsUtc ? " UTC" : "");

    public string When(DateTimeOffset? at, string none = "—") => at is { } value ? When(value) : none;

    public string Date(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
