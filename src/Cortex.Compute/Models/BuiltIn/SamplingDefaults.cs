namespace Cortex.Compute.Models.BuiltIn;

/// <summary>The prior's default sampling settings, recorded in the model card.</summary>
public sealed record SamplingDefaults(double Temperature = 0.9, int TopK = 64);
