using Cortex.Server.Storage;

namespace Cortex.Server.Services;

/// <summary>Between a stored concept and the concept the dashboard and the REST API see.</summary>
public static class ConceptMapping
{
    public static ConceptDocument ToContract(this StoredConcept c) => new()
    {
        Id = c.Id, WorkspaceId = c.WorkspaceId, Name = c.Name, Description = c.Description, ModelId = c.ModelId, Source = c.Source, ClassId = c.ClassId,
        Background = c.Background, CreatedBy = c.CreatedBy, CreatedAt = c.CreatedAt, UpdatedBy = c.UpdatedBy, UpdatedAt = c.UpdatedAt,
    };

    public static StoredConcept ToStored(this ConceptDocument c) => new()
    {
        Id = c.Id, WorkspaceId = c.WorkspaceId, Name = c.Name, Description = c.Description, ModelId = c.ModelId, Source = c.Source, ClassId = c.ClassId,
        Background = c.Background, CreatedBy = c.CreatedBy, CreatedAt = c.CreatedAt, UpdatedBy = c.UpdatedBy, UpdatedAt = c.UpdatedAt,
    };
}
