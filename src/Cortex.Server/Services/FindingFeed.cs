using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>Every finding raised, reviewed or deleted, so that open findings pages and the reviewers' queue follow it.</summary>
public sealed class FindingFeed(ILogger<FindingFeed> logger) : ChangeFeed<FindingChange>(logger), IFindingFeed;
