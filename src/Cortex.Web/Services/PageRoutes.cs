using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace Cortex.Web.Services;

/// <summary>Which dashboard page sits at an address, read from the pages' <c>@page</c> templates as the router reads them.</summary>
public static class PageRoutes
{
    static readonly (string[] Segments, Type Page)[] Templates =
    [
        .. typeof(PageRoutes).Assembly.GetTypes()
            .SelectMany(type => type.GetCustomAttributes<RouteAttribute>(inherit: false).Select(route => (Split(route.Template), type)))
            // Literal segments before parameters, as the router prefers "experiments/new" over "experiments/{id}".
            .OrderByDescending(t => t.Item1.Count(s => !IsParameter(s))),
    ];

    /// <summary>The page at <paramref name="address"/> (a local path, with or without its query), or null when none is.</summary>
    public static Type? PageAt(string address)
    {
        var path = Split(address.Split('?', '#')[0]);
        return Templates.FirstOrDefault(t => Matches(t.Segments, path)).Page;
    }

    static bool Matches(string[] template, string[] path)
    {
        if (template is [.., var last] && last.StartsWith("{*", StringComparison.Ordinal)) return path.Length >= template.Length - 1 && Matches(template[..^1], path[..(template.Length - 1)]);
        return template.Length == path.Length
            && template.Zip(path).All(p => IsParameter(p.First) || string.Equals(p.First, Uri.UnescapeDataString(p.Second), StringComparison.OrdinalIgnoreCase));
    }

    static bool IsParameter(string segment) => segment.StartsWith('{');

    static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
