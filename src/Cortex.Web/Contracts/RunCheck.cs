namespace Cortex.Web.Contracts;

/// <summary>
/// One thing a finished run checks about itself before anyone reads its results — is the extractor better
/// than chance, do the evaluators agree, is the attribution complete, did the evaluators recognise the
/// source — with what it measured (null where that came out as no number), the line it was held to, and a
/// sentence that says in words what passing or failing means for the results.
/// </summary>
public sealed record RunCheck(string Name, bool Passed, double? Value, double Threshold, string Sentence);
