using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>Every annotation added, edited or deleted, for pages that gather notes from many experiments.</summary>
public sealed class AnnotationFeed(ILogger<AnnotationFeed> logger) : ChangeFeed<AnnotationChange>(logger), IAnnotationFeed;
