namespace Cortex.Compute.Models.Taming;

/// <summary>
/// taming's <c>ddconfig</c>: the shape of the VQGAN encoder and decoder. Level i works at
/// <see cref="Resolution"/> / 2^i with ch·ch_mult[i] channels; a level has attention when its
/// resolution is listed in <see cref="AttnResolutions"/>.
/// </summary>
public sealed record DdConfig
{
    public required int Ch { get; init; }
    public required IReadOnlyList<int> ChMult { get; init; }
    public required int NumResBlocks { get; init; }
    public required IReadOnlyList<int> AttnResolutions { get; init; }
    public required int Resolution { get; init; }
    public int InChannels { get; init; } = 3;
    public int OutCh { get; init; } = 3;
    public required int ZChannels { get; init; }
    public bool DoubleZ { get; init; }

    public int Levels => ChMult.Count;

    /// <summary>Side of the latent grid: one halving per level but the last.</summary>
    public int LatentSize => Resolution >> (Levels - 1);

    public int LevelResolution(int level) => Resolution >> level;

    public bool HasAttention(int level) => AttnResolutions.Contains(LevelResolution(level));

    public int LevelChannels(int level) => Ch * ChMult[level];

    /// <summary>Value equality, lists included, so that a config read from YAML can be compared with one inferred from shapes.</summary>
    public bool Equals(DdConfig? other) => other is not null
        && (Ch, NumResBlocks, Resolution, InChannels, OutCh, ZChannels, DoubleZ) == (other.Ch, other.NumResBlocks, other.Resolution, other.InChannels, other.OutCh, other.ZChannels, other.DoubleZ)
        && ChMult.SequenceEqual(other.ChMult) && AttnResolutions.SequenceEqual(other.AttnResolutions);

    public override int GetHashCode() => HashCode.Combine(Ch, NumResBlocks, Resolution, ZChannels, ChMult.Count, AttnResolutions.Count);

    /// <summary>The problems that would make the modules unbuildable, or an empty list.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Ch <= 0 || NumResBlocks <= 0 || ZChannels <= 0 || InChannels <= 0 || OutCh <= 0)
            problems.Add("ch, num_res_blocks, z_channels, in_channels and out_ch must be positive");
        if (ChMult.Count == 0 || ChMult.Any(m => m <= 0)) problems.Add("ch_mult must list positive multipliers");
        else if (Resolution <= 0 || Resolution % (1 << (Levels - 1)) != 0)
            problems.Add($"resolution {Resolution} must be a positive multiple of 2^{Levels - 1}");
        // GroupNorm(32, C) in every block needs each width to split into 32 groups.
        if (Ch > 0 && ChMult.Any(m => Ch * m % 32 != 0)) problems.Add($"every width ch·ch_mult ({Ch}·[{string.Join(", ", ChMult)}]) must be a multiple of 32");
        return problems;
    }
}
