using System.Text.Json;
using Cortex.Compute.Models;
using Cortex.Compute.Training;
using Spectre.Console;

namespace Cortex.Server.Cli;

/// <summary>Shows training progress: a live bar on a terminal, one line per stage and per 10% when redirected (logs, CI).</summary>
public static class TrainingConsole
{
    public static async Task<T> RunAsync<T>(Func<IProgress<TrainingProgress>, T> train)
    {
        if (Console.IsOutputRedirected)
            return await Task.Run(() => train(new LineReporter()));

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("starting", maxValue: 1);
                // Spectre's progress tasks are thread-safe: update them straight from the training thread.
                var reporter = new CallbackProgress(p =>
                {
                    bar.Description = Markup.Escape(Describe(p));
                    bar.Value = p.OverallFraction;
                });
                var result = await Task.Run(() => train(reporter));
                bar.Value = 1;
                return result;
            });
    }

    public static void Summarize(ModelCard card, string directory)
    {
        Console.Out.WriteLine($"Wrote {directory} in {card.Training.TotalSeconds:F0} s.");
        Console.Out.WriteLine(JsonSerializer.Serialize(card.Quality, ModelCard.Json));
    }

    static string Describe(TrainingProgress p) =>
        $"{p.Stage} step {p.Step}/{p.TotalSteps}" + (double.IsFinite(p.Loss) ? $" loss {p.Loss:F4}" : "");

    sealed class CallbackProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    sealed class LineReporter : IProgress<TrainingProgress>
    {
        string? _stage;
        int _decile = -1;

        public void Report(TrainingProgress p)
        {
            var decile = (int)(p.OverallFraction * 10);
            if (p.Stage == _stage && decile == _decile) return;
            (_stage, _decile) = (p.Stage, decile);
            var eta = p.Eta is { } remaining ? $", about {remaining:hh\\:mm\\:ss} left" : "";
            Console.Out.WriteLine($"[{p.OverallFraction,4:P0}] {Describe(p)} ({p.Elapsed:hh\\:mm\\:ss} elapsed{eta})");
        }
    }
}
