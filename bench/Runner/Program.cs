using Keystone.Bench;

// Each command prints its results as KEY=VALUE lines, which bench/run.sh reads.
return args.FirstOrDefault() switch
{
    "prepare" => await Prepare.RunAsync(Args.Parse(args)),
    "kpi" => await KpiComparison.RunAsync(Args.Parse(args)),
    "csv" => InvoiceCsv.Run(Args.Parse(args)),
    "load" => await FixedRateLoad.RunAsync(Args.Parse(args)),
    "pages" => await PageTimings.RunAsync(Args.Parse(args)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: keystone-bench prepare|kpi|csv|load|pages --option value ... (see bench/README.md)");
    return 2;
}
