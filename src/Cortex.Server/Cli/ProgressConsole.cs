using Spectre.Console;

namespace Cortex.Server.Cli;

/// <summary>
/// Shows a long job's progress: a live bar on a terminal, one line per stage and per 10% when the
/// output is redirected (logs, CI).
/// </summary>
public static class ProgressConsole
{
    /// <summary>What the console shows of one progress report.</summary>
    public sealed record View(string Stage, string Description, double Fraction, TimeSpan? Eta);

    public static async Task<T> RunAsync<TProgress, T>(Func<IProgress<TProgress>, T> work, Func<TProgress, View> view)
    {
        if (Console.IsOutputRedirected)
            return await Task.Run(() => work(new Callback<TProgress>(new LineReporter().Report, view)));

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("starting", maxValue: 1);
                // Spectre's progress tasks are thread-safe: update them straight from the working thread.
                var result = await Task.Run(() => work(new Callback<TProgress>(v =>
                {
                    bar.Description = Markup.Escape(v.Description);
                    bar.Value = v.Fraction;
                }, view)));
                bar.Value = 1;
                return result;
            });
    }

    sealed class Callback<TProgress>(Action<View> show, Func<TProgress, View> view) : IProgress<TProgress>
    {
        public void Report(TProgress value) => show(view(value));
    }

    sealed class LineReporter
    {
        readonly DateTime _start = DateTime.UtcNow;
        string? _stage;
        int _decile = -1;

        public void Report(View v)
        {
            var decile = (int)(v.Fraction * 10);
            if (v.Stage == _stage && decile == _decile) return;
            (_stage, _decile) = (v.Stage, decile);
            var elapsed = DateTime.UtcNow - _start;
            var eta = v.Eta is { } remaining ? $", about {remaining:hh\\:mm\\:ss} left" : "";
            Console.Out.WriteLine($"[{v.Fraction,4:P0}] {v.Description} ({elapsed:hh\\:mm\\:ss} elapsed{eta})");
        }
    }
}
