using Cortex.Server.Cli;
using Cortex.Server.Hosting;

return await CortexCli.RunAsync(args, CortexHost.RunAsync);
