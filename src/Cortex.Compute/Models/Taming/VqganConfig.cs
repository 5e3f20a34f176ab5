namespace Cortex.Compute.Models.Taming;

/// <summary>taming's VQModel hyperparameters: the encoder/decoder shape and a codebook of n_embed entries of embed_dim.</summary>
public sealed record VqganConfig(DdConfig Dd, int NEmbed, int EmbedDim);
