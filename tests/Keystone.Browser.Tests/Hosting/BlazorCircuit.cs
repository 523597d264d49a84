using Microsoft.Playwright;

namespace Keystone.Browser.Tests.Hosting;

/// <summary>
/// Interactive pages are prerendered: their first HTML shows the right content but ignores clicks
/// and typing until the circuit has started and rendered over it. Tests wait for that before acting.
/// </summary>
public static class BlazorCircuit
{
    // Blazor.disconnect exists once a server circuit has started; the root markers of prerendered
    // components (<!--bl-root--> since .NET 10, <!--Blazor:...--> before) are gone once it has rendered.
    private const string IsInteractive = """
        () => {
            if (!window.Blazor || typeof window.Blazor.disconnect !== 'function') return false;
            const comments = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
            while (comments.nextNode()) {
                const text = comments.currentNode.data;
                if (text.startsWith('bl-root') || text.startsWith('Blazor:')) return false;
            }
            return true;
        }
        """;

    public static async Task WaitUntilInteractiveAsync(IPage page) =>
        await page.WaitForFunctionAsync(IsInteractive, null, new PageWaitForFunctionOptions { PollingInterval = 50 });
}
