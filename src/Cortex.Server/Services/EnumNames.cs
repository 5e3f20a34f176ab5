namespace Cortex.Server.Services;

/// <summary>Reads a client's name for an enum value: any case, and only a defined value (a number such as "7" is not a name).</summary>
public static class EnumNames
{
    public static T? Parse<T>(string? name) where T : struct, Enum =>
        Enum.TryParse<T>(name ?? "", ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : null;
}
