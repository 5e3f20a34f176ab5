using Cortex.Web.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;

namespace Cortex.Server.Accounts;

/// <summary>
/// The dashboard's form posts (sign-in, setup, sign-out, switching workspace) come from a person's browser,
/// so a refused one answers with a page that says why in words — the form's own page when it shows errors,
/// else <see cref="AccountUrls.FormRefusedPage"/> — never Problem Details meant for programs.
/// </summary>
public sealed class FormPostRefusals : IExceptionHandler
{
    /// <summary>A post to one of the <c>/account</c> form endpoints (the account API lives under <c>/api</c>).</summary>
    public static bool IsFormPost(HttpRequest request) => HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/account");

    public ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsFormPost(context.Request) || exception is not BadHttpRequestException) return ValueTask.FromResult(false);
        var expired = context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } || exception.InnerException is AntiforgeryValidationException;
        Refuse(context, expired ? FormRefusal.Expired : FormRefusal.Unreadable);
        return ValueTask.FromResult(true);
    }

    /// <summary>Sends the browser to where <paramref name="reason"/> is shown beside the form it came from.</summary>
    public static void Refuse(HttpContext context, FormRefusal reason)
    {
        var message = Uri.EscapeDataString(FormRefusals.Message(reason));
        var path = context.Request.Path;
        context.Response.Redirect(
            path.Equals(AccountUrls.SignIn, StringComparison.OrdinalIgnoreCase) ? $"{AccountUrls.SignInPage}?error={message}"
            : path.Equals(AccountUrls.Setup, StringComparison.OrdinalIgnoreCase) ? $"{AccountUrls.SetupPage}?error={message}"
            : reason == FormRefusal.SignedOut ? AccountUrls.SignInPage
            : $"{AccountUrls.FormRefusedPage}?reason={FormRefusals.Code(reason)}");
    }
}
