using Cortex.Web.Services;

namespace Cortex.Server.Api;

/// <summary><c>/api/workers</c>: the compute workers in the cluster and what they run, for server administrators (others get a 403 that says so).</summary>
public static class WorkerEndpoints
{
    public static void MapWorkers(this IEndpointRouteBuilder api) =>
        api.MapGet("/workers", (IWorkerService workers, CancellationToken cancel) => workers.ListAsync(cancel))
            .WithTags("Workers").RequireAuthorization(CortexAuth.AdministratorPolicy);
}
