using System.Diagnostics;
using System.Net.Http.Headers;

namespace Keystone.Bench;

/// <summary>
/// An open-loop load at a fixed rate (requests start on schedule whether or not earlier ones have
/// answered, so that a slow server cannot slow the load down and hide its latency), for a bounded
/// time, to 127.0.0.1 only: the p99 "at half of the peak" of bench/README.md.
/// </summary>
internal static class FixedRateLoad
{
    public static async Task<int> RunAsync(Args args)
    {
        var url = new Uri(args["url"]);
        if (!url.IsLoopback)
        {
            Console.Error.WriteLine("The load generator sends requests to this machine only (127.0.0.1).");
            return 2;
        }
        var rate = Math.Max(1, args.Double("rate", 50));
        var seconds = Math.Clamp(args.Double("seconds", 10), 1, 120);
        var prefix = args.Get("prefix", "LOAD");
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        if (args.Get("token", "") is { Length: > 0 } token)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        var total = (int)(rate * seconds);
        var latencies = new double[total];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                // Latency counts from when the request was due, not when it could be sent (no coordinated omission).
                try
                {
                    using var response = await client.GetAsync(url);
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Args.Print($"{prefix}_RATE", Math.Round(rate, 1));
        Args.Print($"{prefix}_ACHIEVED", Math.Round(total / elapsed, 1));
        Args.Print($"{prefix}_P50_MS", Math.Round(Args.Percentile(latencies, 0.50), 1));
        Args.Print($"{prefix}_P99_MS", Math.Round(Args.Percentile(latencies, 0.99), 1));
        Args.Print($"{prefix}_FAILURES", failures);
        return 0;
    }
}
