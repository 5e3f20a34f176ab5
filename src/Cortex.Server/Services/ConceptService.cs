using Cortex.Server.Experiments;
using Cortex.Server.Models;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>Concepts for the dashboard and the REST API alike, and their support sets (built once per (concept, count, seed) and cached).</summary>
public sealed class ConceptService(CortexDatabase database, SpecValidator validator, SupportCache support) : IConceptService
{
    public Task<IReadOnlyList<ConceptDocument>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ConceptDocument>>(database.Concepts.Query().OrderBy(c => c.Name).ToList());

    public Task<ConceptDocument?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult<ConceptDocument?>(database.Concepts.FindById(id));

    public Task<ServiceResult<ConceptDocument>> CreateAsync(ConceptRequest request, string user, CancellationToken cancellationToken = default)
    {
        var (concept, errors) = validator.Concept(request, user, existing: null);
        if (concept is null) return Task.FromResult(ServiceResult<ConceptDocument>.Invalid(errors));
        database.Concepts.Insert(concept);
        return Task.FromResult(ServiceResult<ConceptDocument>.Ok(concept));
    }

    public Task<ServiceResult<ConceptDocument>> UpdateAsync(string id, ConceptRequest request, string user, CancellationToken cancellationToken = default)
    {
        if (database.Concepts.FindById(id) is not { } existing) return Task.FromResult(ServiceResult<ConceptDocument>.NotFound("concept", id));
        var (concept, errors) = validator.Concept(request, user, existing);
        if (concept is null) return Task.FromResult(ServiceResult<ConceptDocument>.Invalid(errors));
        database.Concepts.Update(concept);
        support.Forget(id);
        return Task.FromResult(ServiceResult<ConceptDocument>.Ok(concept));
    }

    public Task<ServiceResult<bool>> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (database.Concepts.FindById(id) is null) return Task.FromResult(ServiceResult<bool>.NotFound("concept", id));
        if (database.Experiments.FindAll().Any(e => e.ConceptIds.Contains(id)))
            return Task.FromResult(ServiceResult<bool>.Conflict("Experiments use this concept; delete them first, so that no result loses its inputs."));
        database.Concepts.Delete(id);
        support.Forget(id);
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    public async Task<SupportView?> SupportAsync(string id, int count, int seed, CancellationToken cancellationToken = default)
    {
        if (database.Concepts.FindById(id) is not { } concept) return null;
        var set = await support.GetAsync(concept, count, seed, cancellationToken);
        return new SupportView(id, count, seed, set.GridSize, set.Tokens);
    }
}
