namespace Cortex.Compute.World;

/// <summary>One class of the world: an object's shape and colour, and for fine-grained classes a marking.</summary>
public sealed record ConceptClass(int Id, string Name, Shape Shape, Colour Colour, Marking Marking = Marking.None)
{
    /// <summary>The class that differs from this one only by its marking, if any.</summary>
    public int? FineGrainedNeighbour => Marking == Marking.None
        ? null
        : ClassTable.All.Single(c => c.Shape == Shape && c.Colour == Colour && c.Marking is not Marking.None && c.Marking != Marking).Id;
}

/// <summary>
/// The world's twelve classes: eight coarse (shape × colour) and two fine-grained pairs that differ
/// only by a white marking on the same object, the analogue of the paper's neighbouring bird species.
/// </summary>
public static class ClassTable
{
    public static readonly IReadOnlyList<ConceptClass> All =
    [
        new(0, "red circle", Shape.Circle, Colour.Red),
        new(1, "blue square", Shape.Square, Colour.Blue),
        new(2, "yellow triangle", Shape.Triangle, Colour.Yellow),
        new(3, "green cross", Shape.Cross, Colour.Green),
        new(4, "orange circle", Shape.Circle, Colour.Orange),
        new(5, "purple triangle", Shape.Triangle, Colour.Purple),
        new(6, "blue cross", Shape.Cross, Colour.Blue),
        new(7, "yellow square", Shape.Square, Colour.Yellow),
        new(8, "purple square with dot", Shape.Square, Colour.Purple, Marking.Dot),
        new(9, "purple square with bar", Shape.Square, Colour.Purple, Marking.Bar),
        new(10, "green circle with dot", Shape.Circle, Colour.Green, Marking.Dot),
        new(11, "green circle with bar", Shape.Circle, Colour.Green, Marking.Bar),
    ];

    public static int Count => All.Count;

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static ConceptClass ByName(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown class '{name}'. Known classes: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Shape/colour pairs that no class uses: the only ones a distractor may have.</summary>
    public static readonly IReadOnlyList<(Shape Shape, Colour Colour)> DistractorKinds =
        (from shape in Enum.GetValues<Shape>()
         from colour in Enum.GetValues<Colour>()
         where !All.Any(c => c.Shape == shape && c.Colour == colour)
         select (shape, colour)).ToList();
}
