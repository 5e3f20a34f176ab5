namespace Cortex.Server.Cli;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Something went wrong that is not the user's doing (a defect).</summary>
    public const int Failure = 1;
    /// <summary>The command line itself is wrong: unknown verb or option, bad value.</summary>
    public const int Usage = 2;
    /// <summary>An input named on the command line cannot be used (e.g. a corrupt model directory).</summary>
    public const int BadInput = 3;
    /// <summary>The machine cannot run Cortex (e.g. libtorch does not load).</summary>
    public const int Environment = 4;
    public const int Cancelled = 130;
}
