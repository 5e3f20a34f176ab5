namespace Cortex.Server.Cli;

/// <summary>What the <c>serve</c> verb was asked for; anything else comes from configuration.</summary>
public sealed record ServeOptions(string? Urls, string? ModelDirectory, string? DataDirectory = null, string? Cluster = null, string? Certificate = null);
