using TorchSharp.Modules;

namespace Cortex.Compute.Native;

/// <summary>
/// <c>nn.BatchNorm2d</c> (momentum 0.1, ε 1e-5, affine, running statistics) whose training step counts
/// batches without a temporary Scalar (see <see cref="TensorMath"/>); TorchSharp's module adds 1 to
/// <c>num_batches_tracked</c> through two. Same parameter and buffer names, so weights saved from either load
/// into the other.
/// </summary>
public sealed class SafeBatchNorm2d : nn.Module<Tensor, Tensor>
{
    const double Momentum = 0.1;
    const double Epsilon = 1e-5;

    readonly Parameter weight;
    readonly Parameter bias;
    readonly Tensor running_mean;
    readonly Tensor running_var;
    readonly Tensor num_batches_tracked;

    public SafeBatchNorm2d(long features) : base(nameof(SafeBatchNorm2d))
    {
        weight = nn.Parameter(ones(features));
        bias = nn.Parameter(zeros(features));
        running_mean = zeros(features);
        running_var = ones(features);
        num_batches_tracked = tensor(0L);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4) throw new ArgumentException($"BatchNorm2d expects [B, C, H, W] input, not {input.dim()} dimensions.");
        if (training) num_batches_tracked.Increment_();
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Epsilon);
    }
}
