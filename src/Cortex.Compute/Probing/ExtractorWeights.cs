using Cortex.Compute.Extractors;
using Cortex.Compute.Models;
using TorchSharp.PyBridge;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Probing;

/// <summary>
/// A run's trained extractor as a file among its results (its state dict as safetensors), so that probes
/// after the run see the image through the same extractor the run used.
/// </summary>
public static class ExtractorWeights
{
    public const string FileName = "extractor.safetensors";

    public static byte[] Write(Module<Tensor, Tensor> extractor)
    {
        using var stream = new MemoryStream();
        extractor.save_safetensors(stream, leaveOpen: true);
        return stream.ToArray();
    }

    /// <summary>The extractor a run of <paramref name="concepts"/> concepts trained on <paramref name="model"/>, in eval mode on the model's device.</summary>
    public static Module<Tensor, Tensor> Load(byte[] weights, ExtractorArchitecture architecture, IVqModel model, int concepts)
    {
        var extractor = ExtractorFactory.Create(architecture, model.EmbeddingDim, model.GridSize, concepts, new ExtractorTrainingOptions().Width);
        try
        {
            using var stream = new MemoryStream(weights);
            extractor.load_safetensors(stream);
            extractor.to(model.Device).eval();
            return extractor;
        }
        catch
        {
            extractor.Dispose();
            throw;
        }
    }
}
