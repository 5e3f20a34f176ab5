using System.Text.RegularExpressions;
using Cortex.Compute.Imaging;
using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Quality;
using Cortex.Server.Models;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>
/// Models for the dashboard and the API: the built-in one and registered taming checkpoints. A
/// registration loads the model (so every refusal comes at once, naming its field), records its facts,
/// and measures its codebook usage on its own samples in the background.
/// </summary>
public sealed partial class ModelService(ModelRegistry registry, ModelsDirectory directory, CortexDatabase database, CodebookService codebook,
    Accounts.AuditLog audit, IHostApplicationLifetime lifetime, ILogger<ModelService> logger) : IModelCatalog, IDisposable
{
    const int MaxEvaluators = 8;
    /// <summary>taming's ImageNet transformer has 24 heads; minGPT's widths split into far fewer than this.</summary>
    const int MaxHeads = 256;
    /// <summary>A VQGAN halves its side a few times; taming's models work at 256 px, and a decode at 4096 px already needs gigabytes.</summary>
    const int MinResolution = 8;
    const int MaxResolution = 4096;
    const int MaxSampleImages = 64;
    const int SampleCacheCapacity = 64;
    /// <summary>Prior samples are scaled up to about this side, as the built-in model's always were (32 px × 3).</summary>
    const int SamplePixels = 96;

    readonly ComputedCache<(string Model, int Class, int Count), byte[]> _samples = new(SampleCacheCapacity);

    public event Action<string>? Changed;

    public Task<IReadOnlyList<ModelSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ModelSummary>>(database.Models.FindAll().OrderBy(m => m.Id != ModelRegistry.BuiltInId).ThenBy(m => m.Name).Select(Summary).ToList());

    public Task<ModelSummary?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(database.Models.FindById(id) is { } document ? Summary(document) : null);

    public async Task<byte[]?> SamplesPngAsync(string modelId, int classId, int count, CancellationToken cancellationToken = default)
    {
        if (database.Models.FindById(modelId)?.Facts is not { HasPrior: true } facts || classId < 0 || classId >= facts.Classes.Count || count is < 1 or > MaxSampleImages)
            return null;
        return await _samples.GetAsync((modelId, classId, count), () => registry.RunAsync(modelId, hosted =>
            SampleUsageMeter.SamplesPng(hosted, classId, count, scale: PngWriter.ScaleToReach(facts.ImageSize, SamplePixels)), CancellationToken.None), cancellationToken);
    }

    public async Task<ServiceResult<ModelSummary>> RegisterAsync(ModelRegistration registration, string user, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];
        var name = registration.Name?.Trim();
        if (string.IsNullOrEmpty(name)) Add("name", "A name is required.");
        else if (StoredText.NameProblem(name) is { } problem) Add("name", problem);
        else if (database.Models.Exists(m => m.Name == name)) Add("name", $"A model named '{name}' is registered.");
        var (path, pathError) = directory.Resolve(registration.Path, mustBeFile: false);
        if (pathError is not null) Add("path", pathError);
        string? config = null;
        if (registration.Config is not null)
        {
            (config, var configError) = directory.Resolve(registration.Config, mustBeFile: true);
            if (configError is not null) Add("config", configError);
        }
        var evaluators = registration.Evaluators ?? [];
        if (evaluators.Count > MaxEvaluators) Add("evaluators", $"At most {MaxEvaluators} evaluators.");
        var evaluatorPaths = new List<(string Path, string? Config)>();
        for (var i = 0; i < Math.Min(evaluators.Count, MaxEvaluators); i++)
        {
            var (file, fileError) = directory.Resolve(evaluators[i]?.Path, mustBeFile: true);
            if (fileError is not null) Add($"evaluators[{i}].path", fileError);
            string? settings = null;
            if (evaluators[i]?.Config is { } configPath)
            {
                (settings, var settingsError) = directory.Resolve(configPath, mustBeFile: true);
                if (settingsError is not null) Add($"evaluators[{i}].config", settingsError);
            }
            if (file is not null) evaluatorPaths.Add((file, settings));
        }
        var temperature = registration.Temperature ?? 1.0;
        if (PriorSampling.TemperatureProblem(temperature) is { } temperatureProblem) Add("temperature", temperatureProblem);
        var topK = registration.TopK ?? 0;
        if (topK < 0) Add("topK", $"Must be 0 (every token) or positive, not {topK}.");
        if (registration.Heads is < 1 or > MaxHeads) Add("heads", $"minGPT's head count must lie in 1..{MaxHeads}, not {registration.Heads}.");
        if (registration.Resolution is < MinResolution or > MaxResolution)
            Add("resolution", $"The image side must lie in {MinResolution}..{MaxResolution} pixels, not {registration.Resolution}.");
        if (errors.Count > 0) return ServiceResult<ModelSummary>.Invalid(errors);

        var id = NewId(name!);
        try
        {
            var document = await Task.Run(() =>
            {
                var hosted = ModelLoading.Taming(id, path!, config, evaluatorPaths, new PriorSampling(temperature, topK), registry.Device,
                    registration.Heads, registration.Resolution);
                var facts = ModelLoading.Facts(hosted, ModelLoading.FileBytes(path!, config));
                registry.Adopt(id, hosted);
                return new StoredModel
                {
                    Id = id, Name = name!, Kind = StoredModel.TamingKind, Path = directory.Relative(path!), Config = config is null ? null : directory.Relative(config),
                    Heads = registration.Heads, Resolution = registration.Resolution,
                    Evaluators = evaluatorPaths.Select(e => new StoredEvaluatorFile(directory.Relative(e.Path), e.Config is null ? null : directory.Relative(e.Config))).ToList(),
                    Temperature = temperature, TopK = topK, RegisteredBy = user, RegisteredAt = DateTime.UtcNow, Facts = facts,
                    UsageNote = facts.HasPrior ? null : NoPrior,
                };
            }, cancellationToken);
            database.Models.Insert(document);
            audit.Record(user, $"registered the model from {document.Path}", "model", id);
            logger.LogInformation("Model {Id} registered from {Path} by {User}", id, document.Path, user);
            Changed?.Invoke(id);
            if (document.Facts!.HasPrior) MeasureUsageLater(id);
            return ServiceResult<ModelSummary>.Ok(Summary(document));
        }
        catch (ModelPartException e)
        {
            return ServiceResult<ModelSummary>.Invalid(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
    }

    public Task<ServiceResult<bool>> UnregisterAsync(string id, CancellationToken cancellationToken = default)
    {
        if (database.Models.FindById(id) is not { } model) return Task.FromResult(ServiceResult<bool>.NotFound("model", id));
        if (model.Kind == StoredModel.BuiltInKind) return Task.FromResult(ServiceResult<bool>.Conflict("The built-in model ships with Cortex and stays registered."));
        var concepts = database.Concepts.Count(c => c.ModelId == id);
        var experiments = database.Experiments.Count(e => e.ModelId == id);
        if (concepts + experiments > 0)
            return Task.FromResult(ServiceResult<bool>.Conflict(
                $"{concepts} concept(s) and {experiments} experiment(s) use '{model.Name}'; delete them first, so that no result loses its model."));
        database.Models.Delete(id);
        registry.Unload(id);
        codebook.Forget(id);
        _samples.RemoveWhere(k => k.Model == id);
        Changed?.Invoke(id);
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    public Task<ModelsDirectoryListing> BrowseAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => new ModelsDirectoryListing(directory.Root, directory.Browse()), cancellationToken);

    /// <summary>Records the built-in model at every start (its folder may have changed) and measures usage for any model still lacking it.</summary>
    public void RegisterBuiltIn()
    {
        var existing = database.Models.FindById(ModelRegistry.BuiltInId);
        var hosted = registry.BuiltIn;
        var sameModel = existing?.Path == registry.BuiltInDirectory;
        var bytes = Directory.EnumerateFiles(registry.BuiltInDirectory).Sum(f => new FileInfo(f).Length);
        database.Models.Upsert(new StoredModel
        {
            Id = ModelRegistry.BuiltInId, Name = hosted.Model.Name, Kind = StoredModel.BuiltInKind, Path = registry.BuiltInDirectory,
            Temperature = hosted.Sampling.Temperature, TopK = hosted.Sampling.TopK, RegisteredBy = "cortex",
            RegisteredAt = existing?.RegisteredAt ?? DateTime.UtcNow, Facts = ModelLoading.Facts(hosted, bytes),
            Usage = sameModel ? existing?.Usage : null,
        });
        foreach (var model in database.Models.Find(m => m.Usage == null && m.UsageNote == null)) MeasureUsageLater(model.Id);
    }

    const string NoPrior = "This checkpoint holds a VQGAN without a class-conditional transformer, so there are no samples to measure; its concepts use uploaded images.";

    void MeasureUsageLater(string id) => _ = Task.Run(async () =>
    {
        try
        {
            var usage = await registry.RunAsync(id, hosted => SampleUsageMeter.Measure(hosted, lifetime.ApplicationStopping), lifetime.ApplicationStopping);
            if (database.Models.FindById(id) is { } current) database.Models.Update(current with { Usage = usage, UsageNote = null });
        }
        catch (Exception) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Measuring codebook usage of model {Id} failed", id);
            if (database.Models.FindById(id) is { } current) database.Models.Update(current with { UsageNote = $"Measuring usage failed: {e.Message.Split('\n', 2)[0]}" });
        }
        Changed?.Invoke(id);
    });

    /// <summary>A readable id from the name (it appears in links), made unique.</summary>
    string NewId(string name)
    {
        var slug = NonSlug().Replace(name.ToLowerInvariant(), "-").Trim('-');
        slug = slug.Length == 0 ? "model" : slug[..Math.Min(slug.Length, 40)].TrimEnd('-');
        var id = slug;
        for (var n = 2; database.Models.FindById(id) is not null || id == ModelRegistry.BuiltInId; n++) id = $"{slug}-{n}";
        return id;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();

    ModelSummary Summary(StoredModel document)
    {
        var facts = document.Facts ?? new StoredModelFacts();
        var builtIn = document.Kind == StoredModel.BuiltInKind ? registry.BuiltIn.World : null;
        var card = builtIn?.Card;
        var shortcut = card?.World.Shortcut;
        return new ModelSummary(document.Id, document.Name,
            builtIn is not null ? "built-in VQ tokenizer + class-conditional prior" : facts.HasPrior ? "taming VQGAN + cin transformer" : "taming VQGAN",
            facts.ImageSize, facts.GridSize, facts.CodebookSize, facts.EmbeddingDim, facts.Classes,
            shortcut is null ? "" : $"{shortcut.ClassName} on {shortcut.Background} in {shortcut.Rate:P0} of its training images",
            card?.Quality is null ? [] : QualityBars.Check(card.Quality).Select(c => new QualityFigure(c.Name, c.Value, c.Bar, c.Meets, c.IsShare)).ToList(),
            card?.Training.TotalSeconds ?? 0)
        {
            Evaluators = facts.Evaluators.Select(e => e.Name).ToList(),
            IsBuiltIn = builtIn is not null,
            // The built-in model's folder is an absolute path on the server: everyone sees only its name.
            Path = builtIn is not null ? System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(document.Path)) : document.Path, Config = document.Config, Parameters = facts.Parameters, PriorParameters = facts.PriorParameters,
            FileBytes = facts.FileBytes, HasPrior = facts.HasPrior, Sources = facts.Sources, EvaluatorDetails = facts.Evaluators.Select(e => e.ToContract()).ToList(), EvaluatorFiles = document.Evaluators.Select(e => e.ToContract()).ToList(),
            Temperature = document.Temperature, TopK = document.TopK, Usage = document.Usage?.ToContract(), UsageNote = document.UsageNote,
            RegisteredBy = document.RegisteredBy, RegisteredAt = document.RegisteredAt,
        };
    }

    public void Dispose() => _samples.Dispose();
}
