using TorchSharp.Modules;

namespace Cortex.Compute.Training;

/// <summary>
/// Adam with L2 weight decay (as <c>torch.optim.Adam</c>) or decoupled weight decay (as <c>AdamW</c>),
/// computing exactly what TorchSharp's optimizers compute. TorchSharp's steps pass their β, ε and step
/// sizes as temporary Scalars the GC may free mid-call (see <see cref="TensorMath"/>); here the fixed ones
/// live as long as the optimizer and the per-step ones until the step ends.
/// </summary>
public sealed class AdamOptimizer : IDisposable
{
    readonly Parameter[] _parameters;
    readonly Tensor[] _firstMoments;
    readonly Tensor[] _secondMoments;
    readonly double _beta1, _beta2, _weightDecay;
    readonly bool _decoupled;
    readonly Scalar _beta1Scalar, _oneMinusBeta1, _beta2Scalar, _oneMinusBeta2, _epsilon, _l2;
    long _steps;

    AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double weightDecay, bool decoupled,
        double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (!(learningRate >= 0)) throw new ArgumentException($"learning rate must be non-negative, not {learningRate}.");
        if (!(weightDecay >= 0)) throw new ArgumentException($"weight decay must be non-negative, not {weightDecay}.");
        _parameters = parameters.ToArray();
        // The moments outlive every caller's dispose scope, like the parameters they follow.
        _firstMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _secondMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        LearningRate = learningRate;
        (_beta1, _beta2, _weightDecay, _decoupled) = (beta1, beta2, weightDecay, decoupled);
        _beta1Scalar = beta1.ToScalar();
        _oneMinusBeta1 = (1 - beta1).ToScalar();
        _beta2Scalar = beta2.ToScalar();
        _oneMinusBeta2 = (1 - beta2).ToScalar();
        _epsilon = epsilon.ToScalar();
        _l2 = weightDecay.ToScalar();
    }

    /// <summary>Adam; <paramref name="weightDecay"/> adds <c>λ·θ</c> to each gradient.</summary>
    public static AdamOptimizer WithL2(IEnumerable<Parameter> parameters, double learningRate, double weightDecay = 0) =>
        new(parameters, learningRate, weightDecay, decoupled: false);

    /// <summary>AdamW; <paramref name="weightDecay"/> shrinks each weight by <c>lr·λ</c> before the step.</summary>
    public static AdamOptimizer Decoupled(IEnumerable<Parameter> parameters, double learningRate, double weightDecay) =>
        new(parameters, learningRate, weightDecay, decoupled: true);

    public double LearningRate { get; set; }

    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    public void Step()
    {
        using var noGrad = no_grad();
        _steps++;
        var biasCorrection1 = 1 - Math.Pow(_beta1, _steps);
        var biasCorrection2 = 1 - Math.Pow(_beta2, _steps);
        using var stepSize = (-LearningRate / biasCorrection1).ToScalar();
        using var rootCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var shrink = (1 - LearningRate * _weightDecay).ToScalar();
        for (var i = 0; i < _parameters.Length; i++)
        {
            using var scope = NewDisposeScope();
            var parameter = _parameters[i];
            var grad = parameter.grad;
            if (grad is null) continue;
            if (_weightDecay != 0 && _decoupled) parameter.mul_(shrink);
            if (_weightDecay != 0 && !_decoupled) grad = grad.add(parameter, _l2);
            _firstMoments[i].mul_(_beta1Scalar).add_(grad, _oneMinusBeta1);
            _secondMoments[i].mul_(_beta2Scalar).addcmul_(grad, grad, _oneMinusBeta2);
            var denominator = _secondMoments[i].sqrt().div(rootCorrection2).add_(_epsilon, TensorMath.One);
            parameter.addcdiv_(_firstMoments[i], denominator, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var moment in _firstMoments.Concat(_secondMoments)) moment.Dispose();
        foreach (var scalar in new[] { _beta1Scalar, _oneMinusBeta1, _beta2Scalar, _oneMinusBeta2, _epsilon, _l2 }) scalar.Dispose();
    }
}
