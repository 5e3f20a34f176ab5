using System.Globalization;

namespace Cortex.Web.Services;

/// <summary>
/// How one codebook entry is cut out of the codebook sprite (<see cref="ApiUrls.CodebookSprite"/>) and how
/// its usage reads. The whole sprite is scaled so one tile is <c>tileSize</c> CSS pixels; each entry then only
/// needs its own offset, so hundreds of tiles share one image download.
/// </summary>
public static class CodebookTiles
{
    /// <summary>
    /// CSS custom properties for an element holding tiles: the sprite, its scaled size and the tile size.
    /// The sprite address must be absolute: a relative url() inside a custom property resolves against the
    /// stylesheet that uses it, not the page.
    /// </summary>
    public static string SpriteVariables(Uri absoluteSprite, int codebookSize, int tileSize)
    {
        var rows = (codebookSize + ApiUrls.CodebookSpriteColumns - 1) / ApiUrls.CodebookSpriteColumns;
        return Invariant($"--codebook-sprite:url('{absoluteSprite.AbsoluteUri}');--codebook-sprite-size:{ApiUrls.CodebookSpriteColumns * tileSize}px {rows * tileSize}px;--codebook-tile:{tileSize}px");
    }

    /// <summary>The background offset that shows exactly the tile of <paramref name="token"/>.</summary>
    public static string Position(long token, int tileSize) =>
        Invariant($"background-position:-{token % ApiUrls.CodebookSpriteColumns * tileSize}px -{token / ApiUrls.CodebookSpriteColumns * tileSize}px");

    /// <summary>A usage share as a percentage with enough digits to tell rare entries apart from unused ones.</summary>
    public static string FormatShare(double share) => share switch
    {
        <= 0 => "0%",
        < 0.0001 => "<0.01%",
        < 0.01 => share.ToString("0.00%", CultureInfo.InvariantCulture),
        _ => share.ToString("0.0%", CultureInfo.InvariantCulture),
    };

    /// <summary>What a screen reader announces for a tile.</summary>
    public static string Label(long token, double share) => $"Token {token}, used in {FormatShare(share)} of positions";

    static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
