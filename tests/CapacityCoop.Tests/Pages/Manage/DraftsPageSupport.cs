using System.Net;
using AngleSharp.Html.Dom;

namespace CapacityCoop.Tests.Pages.Manage;

/// <summary>Posting to staff pages as a signed-in user would, and recognising a refusal.</summary>
public static class DraftsPageSupport
{
    /// <summary>An antiforgery token for the session's user, from the sign-out form every page carries.</summary>
    public static async Task<string> TokenAsync(StaffSession session, string url = "/")
    {
        var document = await session.GetDocumentAsync(url);
        return (document.QuerySelector("input[name='__RequestVerificationToken']") as IHtmlInputElement)?.Value
            ?? throw new InvalidOperationException($"No antiforgery token on {url}.");
    }

    /// <summary>Posts <paramref name="fields"/> with a valid antiforgery token to <paramref name="url"/>, as a hand-made form would.</summary>
    public static async Task<HttpResponseMessage> PostWithTokenAsync(StaffSession session, string url, Dictionary<string, string>? fields = null)
    {
        var values = new Dictionary<string, string>(fields ?? new Dictionary<string, string>()) { ["__RequestVerificationToken"] = await TokenAsync(session) };
        return await session.Client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    /// <summary>A request refused for its role: a 403, or the redirect to the access-denied page (which answers 403).</summary>
    public static void ShouldBeRefusedForTheRole(this HttpResponseMessage response, string because)
    {
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            return;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, because);
        response.Headers.Location!.OriginalString.ShouldContain("/Account/AccessDenied", Case.Insensitive, because);
    }

    /// <summary>A request sent to the sign-in page: what an anonymous visitor gets from any staff page.</summary>
    public static void ShouldRedirectToSignIn(this HttpResponseMessage response, string because)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, because);
        response.Headers.Location!.OriginalString.ShouldContain("/Account/Login?ReturnUrl=", Case.Insensitive, because);
    }
}
