namespace Cortex.Compute.Models.Taming;

/// <summary>minGPT's hyperparameters (transformer/mingpt.py): every dropout is 0 at inference, so none is kept.</summary>
public sealed record GptConfig(int VocabSize, int BlockSize, int NLayer, int NHead, int NEmbd)
{
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (VocabSize <= 0 || BlockSize <= 0 || NLayer <= 0 || NHead <= 0 || NEmbd <= 0)
            problems.Add("vocab_size, block_size, n_layer, n_head and n_embd must be positive");
        else if (NEmbd % NHead != 0) problems.Add($"n_embd {NEmbd} must split evenly into n_head {NHead} heads");
        return problems;
    }
}
