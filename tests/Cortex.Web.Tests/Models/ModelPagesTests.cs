using Cortex.Web.Components.Pages.Concepts;
using Cortex.Web.Components.Pages.Models;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Models;

/// <summary>The models list, the registration dialog and a model's page.</summary>
public sealed class ModelPagesTests : DashboardContext
{
    static readonly ModelSummary Taming = FakeModelCatalog.BuiltIn with
    {
        Id = "imagenet-f16", Name = "ImageNet f16", Kind = "taming VQGAN + cin transformer", ImageSize = 256, GridSize = 16, CodebookSize = 16384, EmbeddingDim = 256,
        Classes = ["tench", "goldfish"], IsBuiltIn = false, Path = "imagenet/last.ckpt", Config = "imagenet/project.yaml", Parameters = 76_100_000, PriorParameters = 42_100_000,
        FileBytes = 958_000_000, Sources = ["generated", "uploaded"], Evaluators = ["resnet50"], EvaluatorDetails = [new EvaluatorFacts("resnet50", 224, 1000)],
        EvaluatorFiles = [new EvaluatorFile("judges/resnet50.pt", "judges/resnet50.json")], RegisteredBy = "ada", Quality = [], Usage = null, UsageNote = null,
    };

    IRenderedComponent<MudDialogProvider> _dialogs = default!;

    IRenderedComponent<T> RenderPage<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        return Render(parameters);
    }

    [Fact]
    public void The_list_shows_every_model_with_its_sizes_evaluators_and_usage()
    {
        Models.Models.Add(Taming);
        var page = RenderPage<ModelList>();
        var rows = page.FindAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("ImageNet f16", rows[1]);
        Assert.Contains("256 px · 16×16 · K 16384", rows[1]);
        Assert.Contains("118.2 M", rows[1]);
        Assert.Contains("resnet50", rows[1]);
        Assert.Contains("measuring…", rows[1]);
        Assert.Equal("models/imagenet-f16", page.FindAll("tbody tr a")[1].GetAttribute("href"));
    }

    [Fact]
    public void Registering_sends_the_paths_and_evaluators_and_opens_the_new_model()
    {
        Models.Directory = new ModelsDirectoryListing("/srv/models", [new ModelsDirectoryEntry("tiny/cin.ckpt", "checkpoint", 4096), new ModelsDirectoryEntry("judges/tiny.pt", "evaluator", 512)]);
        var page = RenderPage<ModelList>();
        SignIn("grace", Role.Admin);
        page.Find("[data-testid=register-model]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("/srv/models", _dialogs.Find("[data-testid=models-root]").TextContent));
        Assert.Equal(["tiny/cin.ckpt"], _dialogs.FindAll("#model-checkpoints option").Select(o => o.GetAttribute("value")));

        _dialogs.TextField("Name").Type("tiny cin");
        _dialogs.TextField("Checkpoint (.ckpt or .safetensors file, or a taming log folder)").Type("tiny/cin.ckpt");
        _dialogs.Find("[data-testid=add-evaluator]").Click();
        _dialogs.TextField("Evaluator 1").Type("judges/tiny.pt");
        _dialogs.Find("[data-testid=register-save]").Click();

        _dialogs.WaitForAssertion(() => Assert.Single(Models.Registrations));
        var sent = Models.Registrations.Single();
        Assert.Equal(("tiny cin", "tiny/cin.ckpt", (string?)null), (sent.Name, sent.Path, sent.Config));
        Assert.Equal([new EvaluatorFile("judges/tiny.pt", null)], sent.Evaluators);
        Assert.Equal((1.0, 0), (sent.Temperature, sent.TopK));
        page.WaitForAssertion(() => Assert.EndsWith("/models/tiny-cin", Services.GetRequiredService<NavigationManager>().Uri));
        Assert.Contains("Model 'tiny cin' registered.", this.Snackbars());
    }

    [Fact]
    public void A_checkpoint_without_yaml_is_given_its_heads_and_image_side()
    {
        Models.NextRegistration = ServiceResult<ModelSummary>.Invalid(new Dictionary<string, string[]>
        {
            ["heads"] = ["Checkpoint 'bare/cin.ckpt': it holds a transformer, whose head count no tensor shape reveals."],
        });
        var page = RenderPage<ModelList>();
        page.Find("[data-testid=register-model]").Click();
        _dialogs.WaitForAssertion(() => Assert.NotEmpty(_dialogs.FindAll("[data-testid=register-save]")));
        _dialogs.TextField("Name").Type("bare");
        _dialogs.TextField("Checkpoint (.ckpt or .safetensors file, or a taming log folder)").Type("bare/cin.ckpt");
        _dialogs.Find("[data-testid=register-save]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("head count no tensor shape reveals", _dialogs.NumericField<int?>("Heads (a transformer without YAML)").Markup));

        _dialogs.NumericField<int?>("Heads (a transformer without YAML)").Type("2");
        _dialogs.NumericField<int?>("Image side in px (a VQGAN without YAML)").Type("32");
        _dialogs.Find("[data-testid=register-save]").Click();
        _dialogs.WaitForAssertion(() => Assert.Equal(2, Models.Registrations.Count));
        Assert.Equal((2, 32), (Models.Registrations[^1].Heads, Models.Registrations[^1].Resolution));
        Assert.Equal(((int?)null, (int?)null), (Models.Registrations[0].Heads, Models.Registrations[0].Resolution));
    }

    [Fact]
    public void A_refused_registration_shows_each_message_next_to_its_field()
    {
        Models.NextRegistration = ServiceResult<ModelSummary>.Invalid(new Dictionary<string, string[]>
        {
            ["path"] = ["'../x.ckpt' climbs out with '..'; name a path inside the models directory."],
            ["evaluators[0].path"] = ["Evaluator file 'a.pt' is not a TorchScript module."],
        });
        var page = RenderPage<ModelList>();
        page.Find("[data-testid=register-model]").Click();
        _dialogs.WaitForAssertion(() => Assert.NotEmpty(_dialogs.FindAll("[data-testid=add-evaluator]")));
        _dialogs.Find("[data-testid=add-evaluator]").Click();
        _dialogs.Find("[data-testid=register-save]").Click();

        _dialogs.WaitForAssertion(() => Assert.Contains("climbs out with '..'", _dialogs.TextField("Checkpoint (.ckpt or .safetensors file, or a taming log folder)").Markup));
        Assert.Contains("not a TorchScript module", _dialogs.TextField("Evaluator 1").Markup);
        Assert.NotEmpty(_dialogs.FindAll("[data-testid=register-model-dialog]"));
    }

    [Fact]
    public void A_model_page_shows_its_facts_and_fills_in_usage_when_the_measurement_arrives()
    {
        Models.Models.Add(Taming);
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "tench", classId: 0) with { ModelId = "imagenet-f16" });
        var page = RenderPage<ModelDetails>(p => p.Add(x => x.Id, "imagenet-f16"));

        var facts = page.Find("[data-testid=model-facts]").TextContent;
        Assert.Contains("256 × 256 pixels", facts);
        Assert.Contains("K = 16384 entries of D = 256", facts);
        Assert.Contains("76.1 M", facts);
        Assert.Contains("42.1 M parameters, 2 classes", facts);
        Assert.Contains("913.6 MiB", facts);
        Assert.Contains("imagenet/last.ckpt with imagenet/project.yaml", facts);
        Assert.Contains("judges/resnet50.pt", page.Find("[data-testid=model-evaluators]").TextContent);
        Assert.Contains("tench", page.Find("[data-testid=model-concepts]").TextContent);
        Assert.Contains("Sampling…", page.Find("[data-testid=model-usage]").TextContent);

        Models.Models[1] = Taming with { Usage = new SampleUsage { Samples = 16, DistinctTokens = 900, Fraction = 0.0549, Perplexity = 612.4 } };
        Models.Raise("imagenet-f16");
        page.WaitForAssertion(() => Assert.Contains("900 of the codebook's entries (5.5%) in 16 samples; perplexity 612.4", page.Find("[data-testid=model-usage]").TextContent));
    }

    [Fact]
    public void Only_registered_models_can_be_unregistered_and_a_missing_one_says_so()
    {
        Assert.Empty(RenderPage<ModelDetails>(p => p.Add(x => x.Id, "builtin")).FindAll("[data-testid=unregister-model]"));
        Assert.Contains("There is no model with id 'nope'", Render<ModelDetails>(p => p.Add(x => x.Id, "nope")).Find("[data-testid=model-missing]").TextContent);
    }

    [Fact]
    public void An_evaluator_running_at_an_assumed_input_size_says_so_on_the_model_page()
    {
        const string note = "No settings give its input size: it runs at 224 px, the ImageNet default; the model's images are 32 px.";
        Models.Models.Add(Taming with { EvaluatorDetails = [new EvaluatorFacts("resnet50", 224, 1000) { InputSizeNote = note }] });

        var page = RenderPage<ModelDetails>(p => p.Add(x => x.Id, "imagenet-f16"));

        Assert.Equal(note, page.Find("[data-testid=evaluator-input-note]").TextContent.Trim());
    }

    [Fact]
    public void A_concept_of_a_taming_model_offers_only_the_sources_it_supports()
    {
        Models.Models.Add(Taming);
        var errors = ConceptRules.Validate(new ConceptRequest { Name = "x", ModelId = Taming.Id, Source = "encoded", ClassName = "tench" }, Taming, []);
        Assert.Equal(["Model 'ImageNet f16' supports the sources generated, uploaded."], errors["source"]);
        Assert.Empty(ConceptRules.Validate(new ConceptRequest { Name = "x", ModelId = Taming.Id, Source = "generated", ClassName = "tench" }, Taming, []));
        Assert.Equal(["generated", "encoded", "filter", "uploaded"], ConceptRules.SourcesOf(FakeModelCatalog.BuiltIn));
    }
}
