using System.Runtime.InteropServices;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models;

/// <summary>
/// How a user's classifier expects its pixels: side length, per-channel mean and std on [0, 1] values
/// (torchvision's convention, e.g. ImageNet's 0.485/0.456/0.406 and 0.229/0.224/0.225), and its label
/// names — none to number them "class 0", "class 1", … after the classifier's outputs.
/// </summary>
public sealed record TorchScriptEvaluatorOptions(string Name, int InputSize, IReadOnlyList<double> Mean, IReadOnlyList<double> Std, IReadOnlyList<string> Labels)
{
    /// <summary>True when no settings gave the input size and <see cref="TorchScriptEvaluatorConfig.DefaultInputSize"/> stands in for it.</summary>
    public bool InputSizeAssumed { get; init; }

    /// <summary>More than ImageNet-21k's 21,841 classes; every label is stored with the model and listed on its pages.</summary>
    public const int MaxLabels = 32_768;

    public void Validate()
    {
        if (DisplayText.Problem(Name, "the name") is { } nameProblem) throw new ArgumentException(nameProblem);
        if (Labels.Count > MaxLabels) throw new ArgumentException($"{Labels.Count:N0} labels; at most {MaxLabels:N0}.");
        foreach (var (label, i) in Labels.Select((l, i) => (l, i)))
            if (DisplayText.Problem(label ?? "", $"label {i}") is { } labelProblem) throw new ArgumentException(labelProblem);
        if (InputSize <= 0) throw new ArgumentException($"input size must be positive, not {InputSize}.");
        if (Mean.Count != 3 || Std.Count != 3) throw new ArgumentException("mean and std need one value per RGB channel.");
        if (Std.Any(s => !(s > 0))) throw new ArgumentException("every std must be positive.");
    }
}

/// <summary>
/// A pixel classifier saved with <c>torch.jit.script(model).save(..)</c> (or trace), judging images
/// like the built-in evaluators: images [B, 3, S, S] in [-1, 1] are mapped to [0, 1], resized to the
/// classifier's input size, normalized, and classified into logits [B, L].
/// </summary>
public sealed class TorchScriptEvaluator : IEvaluator, IDisposable
{
    readonly jit.ScriptModule<Tensor, Tensor> _module;
    Tensor _mean; // [1, 3, 1, 1], on the module's device
    Tensor _std;  // [1, 3, 1, 1]

    TorchScriptEvaluator(jit.ScriptModule<Tensor, Tensor> module, TorchScriptEvaluatorOptions options)
    {
        _module = module;
        Options = options;
        _mean = tensor(options.Mean.Select(v => (float)v).ToArray()).view(1, 3, 1, 1);
        _std = tensor(options.Std.Select(v => (float)v).ToArray()).view(1, 3, 1, 1);
    }

    public TorchScriptEvaluatorOptions Options { get; private set; }

    public string Name => Options.Name;

    public IReadOnlyList<string> Labels => Options.Labels;

    /// <summary>What people must know about the input size when no settings gave it (a classifier trained at 32 px still runs at 224), else null.</summary>
    public string? InputSizeNote => Options.InputSizeAssumed
        ? $"runs at {Options.InputSize} px, torchvision's ImageNet size, because no settings give its input_size"
        : null;

    /// <summary>Loads a TorchScript file on the CPU and checks, with one blank image, that it gives one logit per label (or numbers the labels).</summary>
    public static TorchScriptEvaluator Load(string path, TorchScriptEvaluatorOptions options)
    {
        options.Validate();
        if (!File.Exists(path)) throw new ModelLoadException($"Evaluator file '{path}' does not exist.");
        jit.ScriptModule<Tensor, Tensor> module;
        try
        {
            module = jit.load<Tensor, Tensor>(path);
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            throw new ModelLoadException($"Evaluator file '{path}' is not a TorchScript module: {e.Message.Split('\n', 2)[0].Trim()}", e);
        }
        module.eval();
        var evaluator = new TorchScriptEvaluator(module, options);
        try
        {
            using var _ = no_grad();
            using var blank = zeros(1, 3, options.InputSize, options.InputSize);
            using var logits = evaluator.Logits(blank);
            if (logits.dim() != 2 || options.Labels.Count > 0 && logits.shape[1] != options.Labels.Count)
                throw new ModelLoadException($"Evaluator '{path}' gives outputs of shape [{string.Join(", ", logits.shape)}], "
                    + (options.Labels.Count > 0 ? $"not [B, {options.Labels.Count}] for its {options.Labels.Count} labels." : "not [B, labels]."));
            if (options.Labels.Count == 0 && logits.shape[1] > TorchScriptEvaluatorOptions.MaxLabels)
                throw new ModelLoadException($"Evaluator '{path}' gives {logits.shape[1]:N0} outputs; at most {TorchScriptEvaluatorOptions.MaxLabels:N0} classes are supported.");
            if (options.Labels.Count == 0)
                evaluator.Options = options with { Labels = Enumerable.Range(0, (int)logits.shape[1]).Select(i => $"class {i}").ToList() };
        }
        catch (ExternalException e)
        {
            evaluator.Dispose();
            var refusal = $"Evaluator '{path}' fails on a {options.InputSize}×{options.InputSize} RGB image: {InterpreterError(e.Message)}";
            throw new ModelLoadException(options.InputSizeAssumed
                ? $"{refusal} ({options.InputSize} px is torchvision's ImageNet size, assumed because no settings give its input_size; give the size it was trained at as input_size in its JSON settings)"
                : refusal, e);
        }
        catch
        {
            evaluator.Dispose();
            throw;
        }
        return evaluator;
    }

    public Tensor Logits(Tensor images)
    {
        using var scope = NewDisposeScope();
        var pixels = images.Plus(1).Over(2);
        var size = Options.InputSize;
        if (pixels.shape[2] != size || pixels.shape[3] != size)
            pixels = functional.interpolate(pixels, size: [size, size], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        var normalized = (pixels - _mean) / _std;
        return _module.call(normalized).MoveToOuterDisposeScope();
    }

    public TorchScriptEvaluator To(Device device)
    {
        _module.to(device);
        (_mean, _std) = (Moved(_mean, device), Moved(_std, device));
        return this;
    }

    static Tensor Moved(Tensor tensor, Device device)
    {
        var moved = tensor.to(device);
        if (!ReferenceEquals(moved, tensor)) tensor.Dispose();
        return moved;
    }

    public void Dispose()
    {
        _module.Dispose();
        _mean.Dispose();
        _std.Dispose();
    }

    /// <summary>
    /// The TorchScript interpreter's own error ("RuntimeError: mat1 and mat2 shapes cannot be multiplied …"),
    /// which it writes last, after a generic first line and the tracebacks; else the first line.
    /// </summary>
    static string InterpreterError(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(l => l.Contains("Error: ", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? message;
    }
}
