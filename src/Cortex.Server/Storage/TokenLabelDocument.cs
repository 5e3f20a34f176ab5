namespace Cortex.Server.Storage;

/// <summary>The short name a reviewer gave one codebook token of a model in a workspace; one per token (<see cref="IdOf"/>).</summary>
public sealed record TokenLabelDocument
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string ModelId { get; init; }
    public long Token { get; init; }
    public required string Label { get; init; }
    public required string SetBy { get; init; }
    public DateTime SetAt { get; init; }

    public static string IdOf(string workspaceId, string modelId, long token) => $"{workspaceId}/{modelId}/{token}";
}
