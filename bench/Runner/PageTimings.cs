using System.Globalization;
using Microsoft.Playwright;

namespace Keystone.Bench;

/// <summary>
/// The account list and two account pages (a median account and the skewed one) in headless
/// Chromium: the largest contentful paint, and the time until the main content is on screen and
/// interactive (the Blazor circuit has taken over the prerendered page), medians of several loads.
/// </summary>
internal static class PageTimings
{
    private const string ObserveLcp = """
        window.__lcp = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) window.__lcp = e.startTime; })
            .observe({ type: 'largest-contentful-paint', buffered: true });
        """;

    // Resolves with performance.now() once the selector's element is there and the circuit is interactive.
    private const string ReadyAt = """
        selector => {
            if (!document.querySelector(selector)) return false;
            if (!window.Blazor || typeof window.Blazor.disconnect !== 'function') return false;
            const comments = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
            while (comments.nextNode()) {
                const text = comments.currentNode.data;
                if (text.startsWith('bl-root') || text.startsWith('Blazor:')) return false;
            }
            return performance.now();
        }
        """;

    public static async Task<int> RunAsync(Args args)
    {
        var baseUrl = args["base"].TrimEnd('/');
        var runs = args.Int("runs", 5);
        var warmups = args.Int("warmups", 1);
        var timeout = args.Int("timeout-ms", 60_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("KEYSTONE_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1366, Height = 900 } });
        await context.AddInitScriptAsync(ObserveLcp);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(args["email"]);
        await page.GetByLabel("Password").FillAsync(args["password"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { Timeout = timeout });

        var targets = new[]
        {
            ("LIST", "/accounts", "[data-testid=account-link]"),
            ("MEDIAN", $"/accounts/{args["median"]}", "[data-testid=account-name]"),
            ("SKEWED", $"/accounts/{args["skewed"]}", "[data-testid=account-name]"),
        };
        foreach (var (name, path, selector) in targets)
        {
            var lcp = new List<double>();
            var ready = new List<double>();
            // One warm-up load: the first visit pays for JIT and caches that every later visitor finds warm.
            for (var run = 1 - warmups; run <= runs; run++)
            {
                await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit, Timeout = timeout });
                var readyAt = await page.WaitForFunctionAsync(ReadyAt, selector, new() { PollingInterval = 20, Timeout = timeout });
                var at = Convert.ToDouble((await readyAt.JsonValueAsync<object>()).ToString(), CultureInfo.InvariantCulture);
                // LCP entries stop once the page is interacted with or hidden; give the last paints a moment.
                await page.WaitForTimeoutAsync(300);
                var paint = await page.EvaluateAsync<double>("() => window.__lcp || 0");
                if (run > 0)
                {
                    ready.Add(at);
                    lcp.Add(paint);
                }
            }
            Args.Print($"PAGE_{name}_LCP_MS", Math.Round(Args.Median(lcp), 0));
            Args.Print($"PAGE_{name}_READY_MS", Math.Round(Args.Median(ready), 0));
        }
        return 0;
    }
}
