using Cortex.Web.Contracts;
using Cortex.Web.Services;
using MudBlazor;

namespace Cortex.Web.Components.Pages.Concepts;

/// <summary>Deleting a concept from any page: ask first, then say what happened — a refusal (experiments use it) included.</summary>
public static class ConceptDeletion
{
    /// <summary>True when the concept is gone; false when the user kept it or the service refused.</summary>
    public static async Task<bool> ConfirmAndDeleteAsync(IDialogService dialogs, IConceptService concepts, ISnackbar snackbar, ConceptDocument concept)
    {
        var confirmed = await dialogs.ShowMessageBoxAsync("Delete concept",
            $"Delete '{concept.Name}'? This cannot be undone. A concept that experiments use cannot be deleted.", yesText: "Delete", cancelText: "Keep");
        if (confirmed != true) return false;
        var result = await concepts.DeleteAsync(concept.Id);
        if (result.Succeeded)
        {
            snackbar.Add($"Concept '{concept.Name}' deleted.", Severity.Success);
            return true;
        }
        snackbar.Add($"'{concept.Name}' was not deleted: {result.Message}", Severity.Error);
        return false;
    }
}
