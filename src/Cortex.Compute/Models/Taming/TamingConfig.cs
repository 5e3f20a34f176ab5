namespace Cortex.Compute.Models.Taming;

/// <summary>
/// What a taming checkpoint is: a VQGAN, plus for a class-conditional Net2NetTransformer its minGPT
/// and the number of classes (the Labelator's n_classes). Each part is null when not known yet.
/// </summary>
public sealed record TamingConfig(VqganConfig? FirstStage, GptConfig? Transformer, int? Classes);
