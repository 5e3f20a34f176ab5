using Cortex.Server.Storage;

namespace Cortex.Server.Services;

/// <summary>Between stored annotations and findings and the ones the dashboard and the REST API see.</summary>
public static class ReviewMapping
{
    public static AnnotationDocument ToContract(this StoredAnnotation a) => new()
    {
        Id = a.Id, WorkspaceId = a.WorkspaceId, ExperimentId = a.ExperimentId, Target = a.Target, TokenId = a.TokenId, Position = a.Position,
        ImageIndex = a.ImageIndex, FindingId = a.FindingId, Author = a.Author, Text = a.Text, CreatedAt = a.CreatedAt, ModelId = a.ModelId,
        ParentId = a.ParentId, EditedAt = a.EditedAt,
    };

    public static StoredAnnotation ToStored(this AnnotationDocument a) => new()
    {
        Id = a.Id, WorkspaceId = a.WorkspaceId, ExperimentId = a.ExperimentId, Target = a.Target, TokenId = a.TokenId, Position = a.Position,
        ImageIndex = a.ImageIndex, FindingId = a.FindingId, Author = a.Author, Text = a.Text, CreatedAt = a.CreatedAt, ModelId = a.ModelId,
        ParentId = a.ParentId, EditedAt = a.EditedAt,
    };

    public static FindingDocument ToContract(this StoredFinding f) => new()
    {
        Id = f.Id, WorkspaceId = f.WorkspaceId, ExperimentId = f.ExperimentId, ConceptId = f.ConceptId, Title = f.Title, Tokens = [.. f.Tokens],
        Evidence = new(f.Evidence), Status = f.Status, Reviewer = f.Reviewer, Comments = f.Comments.Select(c => c.ToContract()).ToList(),
        CreatedAt = f.CreatedAt, UpdatedAt = f.UpdatedAt,
    };

    public static StoredFinding ToStored(this FindingDocument f) => new()
    {
        Id = f.Id, WorkspaceId = f.WorkspaceId, ExperimentId = f.ExperimentId, ConceptId = f.ConceptId, Title = f.Title, Tokens = [.. f.Tokens],
        Evidence = new(f.Evidence), Status = f.Status, Reviewer = f.Reviewer, Comments = f.Comments.Select(c => c.ToStored()).ToList(),
        CreatedAt = f.CreatedAt, UpdatedAt = f.UpdatedAt,
    };

    public static FindingComment ToContract(this StoredFindingComment c) => new(c.Author, c.Text, c.At, c.Status);

    public static StoredFindingComment ToStored(this FindingComment c) => new(c.Author, c.Text, c.At, c.Status);
}
