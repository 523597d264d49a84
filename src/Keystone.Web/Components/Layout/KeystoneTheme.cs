using MudBlazor;

namespace Keystone.Web.Components.Layout;

public static class KeystoneTheme
{
    // Colours chosen for WCAG AA contrast of text on them.
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#6b3fa0",
            AppbarBackground = "#1f4e79",
            AppbarText = "#ffffff",
            Success = "#1b6e36",
            Error = "#b3261e",
            Warning = "#8a5300",
            Info = "#005f99",
            TextSecondary = "rgba(0,0,0,0.68)",
        },
    };
}
