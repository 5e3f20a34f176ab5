using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>Pixel judge #1: a small VGG-style CNN, images [B, 3, S, S] → class logits [B, L].</summary>
public sealed class CnnEvaluator : Module<Tensor, Tensor>
{
    readonly Sequential features;
    readonly Linear classifier;

    public CnnEvaluator(int classes) : base(nameof(CnnEvaluator))
    {
        features = Sequential(
            Conv2d(3, 32, 3, padding: 1), new SafeBatchNorm2d(32), ReLU(), MaxPool2d(2),
            Conv2d(32, 64, 3, padding: 1), new SafeBatchNorm2d(64), ReLU(), MaxPool2d(2),
            Conv2d(64, 128, 3, padding: 1), new SafeBatchNorm2d(128), ReLU(),
            AdaptiveMaxPool2d([1, 1]), Flatten());
        classifier = Linear(128, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images) => classifier.call(features.call(images));
}
