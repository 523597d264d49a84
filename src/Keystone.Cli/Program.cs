using Keystone.Cli;

return await KeystoneCli.RunAsync(args, Console.Out, Console.Error);
