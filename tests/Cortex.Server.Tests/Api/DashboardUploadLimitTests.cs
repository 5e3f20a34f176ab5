using Cortex.Compute.Imaging;
using Cortex.Web.Components.Pages.Concepts;

namespace Cortex.Server.Tests.Api;

/// <summary>The dashboard cannot reference Cortex.Compute, so it repeats the importer's cap; this keeps the two equal.</summary>
public sealed class DashboardUploadLimitTests
{
    [Fact]
    public void The_dashboard_reads_files_up_to_the_importer_s_own_cap() => Assert.Equal(ImageImport.MaxBytes, ConceptRules.MaxImageBytes);
}
